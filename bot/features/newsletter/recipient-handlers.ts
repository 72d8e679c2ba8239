import { TeamsInfo } from 'botbuilder';
import { issueCard, issueWithdrawnCard, myIssuesCard } from '../../../adaptive-cards/features/newsletter/issue-card.js';
import { NEWSLETTER_VERBS as V } from '../../../adaptive-cards/features/newsletter/verbs.js';
import { formSectionCard, formSummaryCard, type FormCardContext } from '../../../adaptive-cards/form-section.js';
import { typedAnswers, type Answers } from '../../../services/forms/answers.js';
import type { FormDefinition } from '../../../services/forms/definition.js';
import { AnswersInvalidError, FormIncompleteError, sectionTarget } from '../../../services/forms/errors.js';
import { formContext, saveFormSection, submitForm } from '../../../services/features/newsletter/carried-form.js';
import { type Issue } from '../../../services/features/newsletter/issue.js';
import { PREVIEW_PRESSED, WITHDRAWN } from '../../../services/features/newsletter/newsletter.js';
import { messageCard } from '../../../adaptive-cards/message.js';
import { issueView } from '../../../services/features/newsletter/views.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { ANY_INSTALLED_USER, audienceMember, type CardActionContext, type CardActions, type ErrorCard } from '../../card-actions.js';
import type { Presser } from '../../../services/features/newsletter/issue.js';
import type { NewsletterDeps } from './deps.js';
import { newsletterCards, type Notice } from './cards.js';

/** A press on the business unit's own preview copy (thrown by the guard, answered by the error card). */
class PreviewPressed extends UserFacingError {
  constructor() {
    super(PREVIEW_PRESSED, 'forbidden');
  }
}

/** A person's "Newsletters": the latest issues sent to the groups they are in, with their own answer (the menu button and the typed command). */
export async function myNewslettersCard(s: NewsletterDeps, teamsUserId: string) {
  const { when } = newsletterCards(s);
  const personId = s.newsletter.personIdFor(teamsUserId);
  const issues = personId ? s.newsletter.forPerson(personId).slice(0, 10) : [];
  const items = await Promise.all(
    issues.map(async (i) => {
      const ack = await s.newsletter.acknowledgementOf(i.id, personId!);
      const state = i.ask === 'none' ? '' : ack?.answers ? 'you answered' : ack?.readAt ? `you read it${ack.cascade === 'yes' ? ' and cascaded it' : ''}` : 'not read yet';
      return { issueId: i.id, title: i.title, sentOn: when(i.sentAt!), state: state || 'for information' };
    }),
  );
  return myIssuesCard(items);
}

/**
 * Who pressed, as the activity says (never the card): on a channel post, the channel too, so a
 * press there counts for the person who pressed it.
 */
export function presserOf(ctx: CardActionContext): Presser {
  const a = ctx.turn.activity;
  const channelId = a.conversation?.conversationType === 'channel' ? ((a.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? a.conversation.id.split(';')[0]) : undefined;
  return { teamsUserId: ctx.actor.teamsUserId, aadObjectId: ctx.actor.aadObjectId, channelId, ...(channelId ? lookedUp.get(ctx.turn) : {}) };
}

/** Emails looked up for this turn's presser (one look-up a press, kept only for the turn). */
const lookedUp = new WeakMap<object, { email?: string }>();

/**
 * Someone pressing a channel post who never installed the app and whose Entra id the roster does
 * not know yet: the connector's member look-up gives the email the roster is keyed by. One request,
 * only for them; nothing it returns is stored.
 */
async function lookUpChannelPresser(s: NewsletterDeps, ctx: CardActionContext): Promise<void> {
  const who = presserOf(ctx);
  if (typeof who === 'string' || !who.channelId || lookedUp.has(ctx.turn) || s.newsletter.personIdFor(who)) return;
  try {
    const m = (await TeamsInfo.getMember(ctx.turn, ctx.actor.teamsUserId)) as unknown as Record<string, string | undefined>;
    lookedUp.set(ctx.turn, { email: (m.email || m.userPrincipalName)?.toLowerCase() });
  } catch {
    lookedUp.set(ctx.turn, {});
  }
}

/** People it was sent to: the issue with their answer, Read it and Cascaded, a carried form, and Newsletters in the menu. */
export function registerRecipientHandlers(actions: CardActions, s: NewsletterDeps): void {
  const { by } = newsletterCards(s);
  const recipient = audienceMember('newsletter', async (data, ctx) => {
    // The business unit pressing its own preview: told so, and nothing is recorded.
    if (s.newsletter.isPreviewPress(str(data, 'issueId'), by(ctx), data.preview)) throw new PreviewPressed();
    await lookUpChannelPresser(s, ctx);
    await s.newsletter.assertRecipient(presserOf(ctx), str(data, 'issueId'));
  });
  const withdrawn: ErrorCard = (e, data) => {
    if (e instanceof PreviewPressed) return messageCard('Preview', PREVIEW_PRESSED, 'accent');
    const issue = s.newsletter.all().find((i) => i.id === str(data, 'issueId'));
    if (issue?.recalledAt) return issueWithdrawnCard(issue.title, WITHDRAWN);
    throw e;
  };
  // On a channel post this card answers the presser only (Teams shows an invoke's card to whoever
  // pressed); the post itself is never changed to show one person's answer to the whole team.
  const personCard = async (issueId: string, who: Presser, notice?: Notice) => {
    const issue = s.newsletter.issue(issueId);
    if (issue.recalledAt) return issueWithdrawnCard(issue.title, WITHDRAWN);
    const personId = s.newsletter.personIdFor(who);
    return issueCard(issueView(s, issue, personId ? await s.newsletter.acknowledgementOf(issue.id, personId) : undefined, notice));
  };
  actions.add(V.newsletterMine, ANY_INSTALLED_USER, async (_data, ctx) => myNewslettersCard(s, ctx.actor.teamsUserId));
  actions.add(V.newsletterView, recipient, async (data, ctx) => personCard(str(data, 'issueId'), presserOf(ctx)), withdrawn);
  actions.add(
    V.newsletterAck,
    recipient,
    async (data, ctx) => {
      const who = presserOf(ctx);
      await s.newsletter.acknowledge(who, str(data, 'issueId'), data.what);
      const onlyYou = typeof who !== 'string' && who.channelId ? ' Only you see this: the post stays the same for everyone else in the channel.' : '';
      return personCard(str(data, 'issueId'), who, { text: `Thank you: your answer is recorded.${onlyYou}`, tone: 'good' });
    },
    withdrawn,
  );

  // A form the issue carries: one section at a time, the answers kept between sections, submitted once complete.
  const formVerbs = { navigate: V.newsletterFormNavigate, submit: V.newsletterFormSubmit };
  const formCardContext = (issue: Issue, form: FormDefinition, bannerText?: FormCardContext['banner']): FormCardContext => ({ title: issue.title, subtitle: form.title, banner: bannerText });
  const sectionCard = (issue: Issue, form: FormDefinition, sectionIndex: number, answers: Answers, extra: { errors?: Record<string, string>; banner?: FormCardContext['banner'] } = {}) =>
    formSectionCard({ form, sectionIndex, answers, errors: extra.errors, context: formCardContext(issue, form, extra.banner), verbs: formVerbs, data: { issueId: issue.id }, canSubmit: true });
  const formAgain: ErrorCard = (e, data) => {
    if (e instanceof PreviewPressed) return messageCard('Preview', PREVIEW_PRESSED, 'accent');
    const issue = s.newsletter.all().find((i) => i.id === str(data, 'issueId'));
    if (issue?.recalledAt) return issueWithdrawnCard(issue.title, WITHDRAWN);
    const form = issue && s.newsletter.form(issue);
    if (!issue || !form) throw e;
    const index = e instanceof FormIncompleteError ? e.sectionIndex : Math.max(0, form.sections.findIndex((x) => x.id === str(data, 'sectionId')));
    const errors = e instanceof FormIncompleteError || e instanceof AnswersInvalidError ? e.errors : undefined;
    const message = e instanceof UserFacingError ? e.message : 'Your answers could not be saved just now. Nothing was lost from this card: press the button again.';
    return sectionCard(issue, form, index, e instanceof FormIncompleteError ? e.answers : typedAnswers(data), { errors, banner: { text: message, tone: 'attention' } });
  };
  actions.add(V.newsletterFormOpen, recipient, async (data, ctx) => {
    const { issue, form, ack } = await formContext(s.newsletter, presserOf(ctx), str(data, 'issueId'));
    return sectionCard(issue, form, 0, ack?.draft ?? ack?.answers ?? {});
  }, formAgain);
  actions.add(V.newsletterFormNavigate, recipient, async (data, ctx) => {
    const { issue, form, working } = await saveFormSection(s.newsletter, presserOf(ctx), data);
    return sectionCard(issue, form, sectionTarget(form, data.to), working);
  }, formAgain);
  actions.add(V.newsletterFormSubmit, recipient, async (data, ctx) => {
    const { issue, form, ack } = await submitForm(s.newsletter, presserOf(ctx), data);
    return formSummaryCard({ form, answers: ack.answers ?? {}, context: formCardContext(issue, form, { text: 'Thank you: your answers are recorded.', tone: 'good' }), edit: { verb: V.newsletterFormOpen, data: { issueId: issue.id }, title: 'Change your answers' } });
  }, formAgain);
}
