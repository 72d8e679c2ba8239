import { confirmSendCard, issueListCard, reachText } from '../../../adaptive-cards/features/newsletter/compose-card.js';
import { issueCard } from '../../../adaptive-cards/features/newsletter/issue-card.js';
import { NEWSLETTER_VERBS as V } from '../../../adaptive-cards/features/newsletter/verbs.js';
import { composeValues, DraftKeptError, FIELD, nothingTyped, typedCompose } from '../../../services/features/newsletter/compose.js';
import { type Issue } from '../../../services/features/newsletter/issue.js';
import { issueReport } from '../../../services/features/newsletter/report.js';
import { audienceWords, issueView, listView } from '../../../services/features/newsletter/views.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { count } from '../../../services/words.js';
import { BUSINESS_UNIT, type CardActionContext, type CardActions, type CardData } from '../../card-actions.js';
import { cardActivity } from '../../send-card.js';
import type { NewsletterDeps } from './deps.js';
import { newsletterCards, people, type Notice } from './cards.js';

/** "Sending to 3 people and posting in 1 channel", leaving out a part that is zero. */
export function sendingWords(persons: number, channels: number): string {
  const parts = [persons && `sending to ${people(persons)}`, channels && `posting in ${count(channels, 'channel')}`].filter(Boolean).join(' and ') || 'sending to nobody';
  return parts[0].toUpperCase() + parts.slice(1);
}

/** The business unit composes, previews, and sends or schedules an issue, each send confirmed on a card of its own. */
export function registerComposeHandlers(actions: CardActions, s: NewsletterDeps): void {
  const { by, when, compose, report, openIssue, composeAgain } = newsletterCards(s);
  // Back from the compose card carries what is typed: it is saved first, so going back never loses work.
  actions.add(V.newsletterList, BUSINESS_UNIT, async (data, ctx) => {
    if (!(FIELD.title in data)) return issueListCard(listView(s));
    const typed = typedCompose(data);
    if (!str(data, 'issueId') && nothingTyped(typed)) return issueListCard(listView(s));
    try {
      const issue = await latestDraft(data, ctx);
      return issueListCard(listView(s), { text: `Saved "${issue.title || 'the draft'}".`, tone: 'good' });
    } catch (e) {
      if (e instanceof DraftKeptError) return issueListCard(listView(s), { text: `Kept everything you typed on "${str(data, FIELD.title) || 'the draft'}"; some parts need fixing before it can be sent: open it to see them.`, tone: 'warning' });
      if (e instanceof UserFacingError) return issueListCard(listView(s), { text: e.message, tone: 'warning' });
      throw e;
    }
  });
  actions.add(V.newsletterNew, BUSINESS_UNIT, async () => compose({ [FIELD.ask]: 'read-cascade' }));
  actions.add(V.newsletterOpen, BUSINESS_UNIT, async (data) => openIssue(s.newsletter.issue(str(data, 'issueId'))));
  /**
   * Every compose button saves first, so what was typed is kept whatever happens next. The draft's
   * id goes into the press's data, so a refusal after this point (or of the save itself) comes
   * back on the same draft, and pressing again never makes a second one.
   */
  const latestDraft = async (data: CardData, ctx: CardActionContext, pressed: 'save' | 'send' | 'schedule' = 'save'): Promise<Issue> => {
    try {
      const issue = await s.newsletter.saveDraft(data, by(ctx), pressed);
      data.issueId = issue.id;
      return issue;
    } catch (e) {
      if (e instanceof DraftKeptError) data.issueId = e.issueId;
      throw e;
    }
  };
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
      const issue = await s.newsletter.previewed((await latestDraft(data, ctx)).id, by(ctx));
      const rendered = issueCard({ ...issueView(s, { ...issue, sentAt: s.clock.now().toISOString() }), preview: true });
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
      const issue = s.newsletter.readyToSend((await latestDraft(data, ctx, 'send')).id);
      const typedWhen = [str(data, FIELD.sendDate), str(data, FIELD.sendTime) && `at ${str(data, FIELD.sendTime)}`].filter(Boolean).join(' ');
      return confirmSendCard({ issueId: issue.id, title: issue.title, audience: audienceWords(s, issue), reach: s.newsletter.reach(issue), ignoredWhen: typedWhen || undefined });
    },
    composeAgain,
  );
  actions.add(V.newsletterSend, BUSINESS_UNIT, async (data, ctx) => {
    const { issue, already } = await s.newsletter.sendNow(str(data, 'issueId'), by(ctx));
    const r = await issueReport(s.newsletter, issue);
    const notice: Notice = already ? { text: `This issue already went out on ${when(issue.sentAt!)}: nothing was sent again.`, tone: 'warning' } : { text: `${sendingWords(r.counts.sent + r.counts.sending, r.channels.length)} now. Press Refresh to see how far it has got.`, tone: 'good' };
    return report(issue.id, 0, { notice });
  });

  actions.add(
    V.newsletterConfirmSchedule,
    BUSINESS_UNIT,
    async (data, ctx) => {
      const draft = await latestDraft(data, ctx, 'schedule');
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
}
