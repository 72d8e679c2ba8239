import { composeCard, confirmRecallCard, confirmSendCard, issueListCard, reachText } from '../../../adaptive-cards/features/newsletter/compose-card.js';
import { issueCard, issueWithdrawnCard, myIssuesCard } from '../../../adaptive-cards/features/newsletter/issue-card.js';
import { reportCard } from '../../../adaptive-cards/features/newsletter/report-card.js';
import { NEWSLETTER_VERBS as V } from '../../../adaptive-cards/features/newsletter/verbs.js';
import { formSectionCard, formSummaryCard, type FormCardContext } from '../../../adaptive-cards/form-section.js';
import { typedAnswers, type Answers } from '../../../services/forms/answers.js';
import type { FormDefinition } from '../../../services/forms/definition.js';
import { AnswersInvalidError, FormIncompleteError, sectionTarget } from '../../../services/forms/errors.js';
import { composeValues, EVERYONE, FIELD, typedCompose } from '../../../services/features/newsletter/compose.js';
import { LIMITS, LINK_SLOTS, SECTION_SLOTS, stageOf, type Issue } from '../../../services/features/newsletter/issue.js';
import { WITHDRAWN } from '../../../services/features/newsletter/newsletter.js';
import { issueReport, reportCsv } from '../../../services/features/newsletter/report.js';
import { ASK_WORDS, audienceWords, issueView, listView, reportView } from '../../../services/features/newsletter/views.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { formatDayDateTime, zonedParts } from '../../../services/zoned-time.js';
import { ANY_INSTALLED_USER, audienceMember, BUSINESS_UNIT, type CardActionContext, type CardActions, type CardData, type ErrorCard } from '../../card-actions.js';
import { cardActivity } from '../../send-card.js';
import { messageCard } from '../../../adaptive-cards/message.js';
import type { NewsletterDeps } from './deps.js';

type Notice = { text: string; tone: 'good' | 'warning' | 'attention' | 'accent' };

const people = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`;
const cards = (n: number) => `${n.toLocaleString('en-GB')} card${n === 1 ? '' : 's'}`;

export function registerNewsletterHandlers(actions: CardActions, s: NewsletterDeps): void {
  const tz = s.config.timeZone;
  const by = (ctx: CardActionContext) => ctx.actor.aadObjectId ?? ctx.actor.teamsUserId;
  const when = (iso: string) => formatDayDateTime(new Date(iso), tz);

  const compose = (values: Record<string, string>, extra: { issue?: Issue; errors?: Record<string, string>; notice?: Notice; mode?: 'draft' | 'edit'; cards?: number } = {}) =>
    composeCard({
      fields: FIELD,
      issueId: extra.issue?.id,
      mode: extra.mode ?? 'draft',
      sectionSlots: SECTION_SLOTS,
      linkSlots: LINK_SLOTS,
      limits: LIMITS,
      audiences: [...s.config.partnership.groups.map((g) => ({ value: g.id, title: g.name })), { value: EVERYONE, title: 'Everyone who has the app' }],
      forms: s.config.partnership.newsletter.formIds.map((id) => ({ value: id, title: s.config.partnership.forms[id]?.title ?? id })),
      values,
      errors: extra.errors,
      notice: extra.notice,
      scheduledFor: extra.issue?.sendAt && !extra.issue.sentAt ? when(extra.issue.sendAt) : undefined,
      fixed: extra.mode === 'edit' && extra.issue ? { audience: audienceWords(s, extra.issue), ask: ASK_WORDS[extra.issue.ask], cards: extra.cards ?? 0 } : undefined,
      today: zonedParts(s.clock.now(), tz).date,
    });

  const report = async (issueId: unknown, page: unknown = 0, extra: { notice?: Notice; downloadUrl?: string } = {}) => reportCard({ ...(await reportView(s, issueId, page)), ...extra });

  /** The issue's card for the business unit: the compose card until it goes out, then its report. */
  const openIssue = async (issue: Issue, notice?: Notice) => (stageOf(issue) === 'draft' || stageOf(issue) === 'scheduled' ? compose(composeValues(issue), { issue, notice }) : report(issue.id, 0, { notice }));

  /** A refused compose card comes back with everything typed, and what to fix beside each field. */
  const composeAgain: ErrorCard = (e, data) => {
    const id = str(data, 'issueId');
    const issue = id ? s.newsletter.all().find((i) => i.id === id) : undefined;
    const errors = e instanceof AnswersInvalidError ? e.errors : undefined;
    const notice: Notice | undefined = errors ? undefined : { text: e instanceof UserFacingError ? e.message : 'That did not work just now. Nothing was sent, and everything you typed is still here: press the button again.', tone: 'attention' };
    // A draft card pressed after the issue went out: its compose buttons no longer apply.
    if (issue && issue.sentAt && !errors) return messageCard('This issue has gone out', notice?.text ?? '', 'warning');
    return compose(typedCompose(data), { issue, errors, notice, mode: issue?.sentAt ? 'edit' : 'draft' });
  };

  // The business unit: compose, preview, send or schedule.
  actions.add(V.newsletterList, BUSINESS_UNIT, async () => issueListCard(listView(s)));
  actions.add(V.newsletterNew, BUSINESS_UNIT, async () => compose({ [FIELD.ask]: 'read-cascade' }));
  actions.add(V.newsletterOpen, BUSINESS_UNIT, async (data) => openIssue(s.newsletter.issue(str(data, 'issueId'))));
  /** Every compose button saves first, so what was typed is kept whatever happens next. */
  const latestDraft = (data: CardData, ctx: CardActionContext): Promise<Issue> => s.newsletter.saveDraft(data, by(ctx));
  actions.add(
    V.newsletterSave,
    BUSINESS_UNIT,
    async (data, ctx) => {
      const issue = await latestDraft(data, ctx);
      return compose(composeValues(issue), { issue, notice: { text: 'Draft saved.', tone: 'good' } });
    },
    composeAgain,
  );

  actions.add(
    V.newsletterPreview,
    BUSINESS_UNIT,
    async (data, ctx) => {
      const issue = await latestDraft(data, ctx);
      const rendered = issueCard(issueView(s, { ...issue, sentAt: s.clock.now().toISOString() }));
      // A message of its own in the presser's chat, exactly as recipients will get it.
      await ctx.turn.sendActivity({ ...cardActivity(rendered, `Preview: ${issue.title}`), text: 'Preview (only you have this copy): this is how it will look in people\'s chats.' });
      const reach = issue.audience.length ? ` ${reachText(s.newsletter.reach(issue))}` : ' Choose who it goes to before sending.';
      return compose(composeValues(issue), { issue, notice: { text: `Saved, and a preview is in your chat.${reach}`, tone: 'good' } });
    },
    composeAgain,
  );

  actions.add(
    V.newsletterConfirmSend,
    BUSINESS_UNIT,
    async (data, ctx) => {
      const issue = s.newsletter.readyToSend((await latestDraft(data, ctx)).id);
      return confirmSendCard({ issueId: issue.id, title: issue.title, audience: audienceWords(s, issue), reach: s.newsletter.reach(issue) });
    },
    composeAgain,
  );
  actions.add(V.newsletterSend, BUSINESS_UNIT, async (data, ctx) => {
    const { issue, already } = await s.newsletter.sendNow(str(data, 'issueId'), by(ctx));
    const r = await issueReport(s.newsletter, issue);
    const notice: Notice = already ? { text: `This issue already went out on ${when(issue.sentAt!)}: nothing was sent again.`, tone: 'warning' } : { text: `Sending to ${people(r.counts.sent + r.counts.sending)} now. Press Refresh to see how far it has got.`, tone: 'good' };
    return report(issue.id, 0, { notice });
  });

  actions.add(
    V.newsletterConfirmSchedule,
    BUSINESS_UNIT,
    async (data, ctx) => {
      const draft = await latestDraft(data, ctx);
      const { issue, at } = s.newsletter.checkSchedule(draft.id, data);
      return confirmSendCard({ issueId: issue.id, title: issue.title, audience: audienceWords(s, issue), reach: s.newsletter.reach(issue), when: { date: str(data, FIELD.sendDate), time: str(data, FIELD.sendTime), words: when(at.toISOString()) } });
    },
    composeAgain,
  );
  actions.add(V.newsletterSchedule, BUSINESS_UNIT, async (data, ctx) => {
    const issue = await s.newsletter.schedule(str(data, 'issueId'), data, by(ctx));
    return compose(composeValues(issue), { issue, notice: { text: `Scheduled. It goes to ${audienceWords(s, issue)} on ${when(issue.sendAt!)}; you can change or cancel it until then.`, tone: 'good' } });
  });
  actions.add(V.newsletterUnschedule, BUSINESS_UNIT, async (data, ctx) => {
    const issue = await s.newsletter.unschedule(str(data, 'issueId'), by(ctx));
    return compose(composeValues(issue), { issue, notice: { text: 'The scheduled send is cancelled. It is a draft again.', tone: 'good' } });
  });

  // After sending: the report, and what the business unit can do next.
  actions.add(V.newsletterReport, BUSINESS_UNIT, async (data) => report(str(data, 'issueId'), data.page));
  actions.add(V.newsletterExport, BUSINESS_UNIT, async (data) => {
    const file = reportCsv(s.newsletter, await issueReport(s.newsletter, s.newsletter.issue(str(data, 'issueId'))), tz);
    return report(str(data, 'issueId'), data.page, { downloadUrl: `${s.config.publicBaseUrl}/exports/${s.exports.create(file.filename, file.content)}` });
  });
  actions.add(V.newsletterResend, BUSINESS_UNIT, async (data, ctx) => {
    const { issue, queued } = await s.newsletter.resendFailed(str(data, 'issueId'), by(ctx));
    return report(issue.id, 0, { notice: queued ? { text: `Sending again to the ${people(queued)} it failed for.`, tone: 'good' } : { text: 'Nothing has failed: nobody to send it to again.', tone: 'warning' } });
  });
  actions.add(V.newsletterRemind, BUSINESS_UNIT, async (data, ctx) => {
    const { issue, queued } = await s.newsletter.remind(str(data, 'issueId'), by(ctx));
    return report(issue.id, 0, { notice: { text: queued ? `Reminding ${people(queued)} who have not acknowledged it. Nobody is reminded twice.` : 'Everyone it reached has acknowledged it: nobody to remind.', tone: queued ? 'good' : 'warning' } });
  });
  actions.add(V.newsletterEditForm, BUSINESS_UNIT, async (data) => {
    const issue = s.newsletter.issue(str(data, 'issueId'));
    if (!issue.sentAt || issue.recalledAt) return openIssue(issue);
    return compose(composeValues(issue), { issue, mode: 'edit', cards: await s.newsletter.cardsDelivered(issue) });
  });
  actions.add(
    V.newsletterEdit,
    BUSINESS_UNIT,
    async (data, ctx) => {
      const { issue, updating } = await s.newsletter.edit(str(data, 'issueId'), data, by(ctx));
      return report(issue.id, 0, { notice: { text: `Saved. Updating ${cards(updating)} in people's chats.`, tone: 'good' } });
    },
    composeAgain,
  );
  actions.add(V.newsletterConfirmRecall, BUSINESS_UNIT, async (data) => {
    const issue = s.newsletter.issue(str(data, 'issueId'));
    if (!issue.sentAt || issue.recalledAt) return openIssue(issue);
    return confirmRecallCard({ issueId: issue.id, title: issue.title, cards: await s.newsletter.cardsDelivered(issue) });
  });
  actions.add(V.newsletterRecall, BUSINESS_UNIT, async (data, ctx) => {
    const { issue, deleting } = await s.newsletter.recall(str(data, 'issueId'), by(ctx));
    return report(issue.id, 0, { notice: { text: `Recalled. Deleting its ${cards(deleting)} from people's chats.`, tone: 'good' } });
  });

  // People it was sent to.
  const recipient = audienceMember('newsletter', async (data, ctx) => void (await s.newsletter.assertRecipient(ctx.actor.teamsUserId, str(data, 'issueId'))));
  const withdrawn: ErrorCard = (e, data) => {
    const issue = s.newsletter.all().find((i) => i.id === str(data, 'issueId'));
    if (issue?.recalledAt) return issueWithdrawnCard(issue.title, WITHDRAWN);
    throw e;
  };
  const personCard = async (issueId: string, teamsUserId: string, notice?: Notice) => {
    const issue = s.newsletter.issue(issueId);
    if (issue.recalledAt) return issueWithdrawnCard(issue.title, WITHDRAWN);
    const personId = s.newsletter.personIdFor(teamsUserId);
    return issueCard(issueView(s, issue, personId ? await s.newsletter.acknowledgementOf(issue.id, personId) : undefined, notice));
  };
  actions.add(V.newsletterMine, ANY_INSTALLED_USER, async (_data, ctx) => {
    const personId = s.newsletter.personIdFor(ctx.actor.teamsUserId);
    const issues = personId ? s.newsletter.forPerson(personId).slice(0, 10) : [];
    const items = await Promise.all(
      issues.map(async (i) => {
        const ack = await s.newsletter.acknowledgementOf(i.id, personId!);
        const state = i.ask === 'none' ? '' : ack?.answers ? 'you answered' : ack?.readAt ? `you read it${ack.cascade === 'yes' ? ' and cascaded it' : ''}` : 'not read yet';
        return { issueId: i.id, title: i.title, sentOn: when(i.sentAt!), state: state || 'for information' };
      }),
    );
    return myIssuesCard(items);
  });
  actions.add(V.newsletterView, recipient, async (data, ctx) => personCard(str(data, 'issueId'), ctx.actor.teamsUserId), withdrawn);
  actions.add(
    V.newsletterAck,
    recipient,
    async (data, ctx) => {
      await s.newsletter.acknowledge(ctx.actor.teamsUserId, str(data, 'issueId'), data.what);
      return personCard(str(data, 'issueId'), ctx.actor.teamsUserId, { text: 'Thank you: your answer is recorded.', tone: 'good' });
    },
    withdrawn,
  );

  // A form the issue carries: one section at a time, the answers kept between sections, submitted once complete.
  const formVerbs = { navigate: V.newsletterFormNavigate, submit: V.newsletterFormSubmit };
  const formContext = (issue: Issue, form: FormDefinition, bannerText?: FormCardContext['banner']): FormCardContext => ({ title: issue.title, subtitle: form.title, banner: bannerText });
  const sectionCard = (issue: Issue, form: FormDefinition, sectionIndex: number, answers: Answers, extra: { errors?: Record<string, string>; banner?: FormCardContext['banner'] } = {}) =>
    formSectionCard({ form, sectionIndex, answers, errors: extra.errors, context: formContext(issue, form, extra.banner), verbs: formVerbs, data: { issueId: issue.id }, canSubmit: true });
  const formAgain: ErrorCard = (e, data) => {
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
    const { issue, form, ack } = await s.newsletter.formContext(ctx.actor.teamsUserId, str(data, 'issueId'));
    return sectionCard(issue, form, 0, ack?.draft ?? ack?.answers ?? {});
  }, formAgain);
  actions.add(V.newsletterFormNavigate, recipient, async (data, ctx) => {
    const { issue, form, working } = await s.newsletter.saveFormSection(ctx.actor.teamsUserId, data);
    return sectionCard(issue, form, sectionTarget(form, data.to), working);
  }, formAgain);
  actions.add(V.newsletterFormSubmit, recipient, async (data, ctx) => {
    const { issue, form, ack } = await s.newsletter.submitForm(ctx.actor.teamsUserId, data);
    return formSummaryCard({ form, answers: ack.answers ?? {}, context: formContext(issue, form, { text: 'Thank you: your answers are recorded.', tone: 'good' }), edit: { verb: V.newsletterFormOpen, data: { issueId: issue.id }, title: 'Change your answers' } });
  }, formAgain);
}
