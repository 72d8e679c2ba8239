import { composeCard } from '../../../adaptive-cards/features/newsletter/compose-card.js';
import { reportCard } from '../../../adaptive-cards/features/newsletter/report-card.js';
import { AnswersInvalidError } from '../../../services/forms/errors.js';
import { draftValues, DraftKeptError, EVERYONE, FIELD, typedCompose } from '../../../services/features/newsletter/compose.js';
import { channelIdOf, channelKey, isChannelKey } from '../../../services/people/teams.js';
import { LIMITS, LINK_SLOTS, SECTION_SLOTS, stageOf, type Issue } from '../../../services/features/newsletter/issue.js';
import { ASK_WORDS, audienceWords, reportView } from '../../../services/features/newsletter/views.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { formatDayDateTime, zonedParts } from '../../../services/zoned-time.js';
import type { CardActionContext, ErrorCard } from '../../card-actions.js';
import { messageCard } from '../../../adaptive-cards/message.js';
import { count } from '../../../services/words.js';
import type { NewsletterDeps } from './deps.js';

/** A coloured line on a card: what just happened, or what to fix. */
export type Notice = { text: string; tone: 'good' | 'warning' | 'attention' | 'accent' };

export const people = (n: number) => count(n, 'person', 'people');
export const cards = (n: number) => count(n, 'card');

/** What the business unit's handlers share: the compose card, the report, and who pressed. */
export function newsletterCards(s: NewsletterDeps) {
  const tz = s.config.timeZone;
  const by = (ctx: CardActionContext) => ctx.actor.aadObjectId ?? ctx.actor.teamsUserId;
  const when = (iso: string) => formatDayDateTime(new Date(iso), tz);

  /**
   * A channel a draft names that can no longer be posted to stays on the card, ticked and saying
   * why, so it is not dropped without a word: any press then refuses it with the reason.
   */
  const lostChannels = (audience: string) =>
    audience
      .split(',')
      .map((v) => v.trim())
      .filter((v) => isChannelKey(v))
      .flatMap((v) => {
        const found = s.teams.find(channelIdOf(v));
        const why = found && s.teams.unreachable(found.team.id, found.channel.id);
        return found && why ? [{ value: v, title: `Channel post: ${s.teams.words(found.team.id, found.channel.id)} (cannot be posted to: ${why})` }] : [];
      });

  const compose = (values: Record<string, string>, extra: { issue?: Issue; errors?: Record<string, string>; notice?: Notice; mode?: 'draft' | 'edit'; cards?: number; channelPosts?: number } = {}) => {
    // While scheduled, Send on and At show the schedule (UK time), so moving it means changing only what moves; what was typed wins.
    const scheduled = extra.issue?.sendAt && !extra.issue.sentAt ? zonedParts(new Date(extra.issue.sendAt), tz) : undefined;
    if (scheduled) values = { [FIELD.sendDate]: scheduled.date, [FIELD.sendTime]: scheduled.time, ...values };
    return composeCard({
      fields: FIELD,
      issueId: extra.issue?.id,
      mode: extra.mode ?? 'draft',
      sectionSlots: SECTION_SLOTS,
      linkSlots: LINK_SLOTS,
      limits: LIMITS,
      // Channels only where the app is in the team: one post each, which everyone in the team sees.
      audiences: [
        ...s.config.partnership.groups.map((g) => ({ value: g.id, title: g.name })),
        { value: EVERYONE, title: 'Everyone who has the app' },
        ...s.teams.offered().map((c) => ({ value: channelKey(c.channelId), title: `Channel post: ${c.teamName} › ${c.channelName}` })),
        ...lostChannels(values[FIELD.audience] ?? ''),
      ],
      forms: s.config.partnership.newsletter.formIds.map((id) => ({ value: id, title: s.config.partnership.forms[id]?.title ?? id })),
      values,
      errors: extra.errors,
      notice: extra.notice,
      scheduledFor: extra.issue?.sendAt && !extra.issue.sentAt ? when(extra.issue.sendAt) : undefined,
      fixed: extra.mode === 'edit' && extra.issue ? { audience: audienceWords(s, extra.issue), ask: ASK_WORDS[extra.issue.ask], cards: extra.cards ?? 0, channelPosts: extra.channelPosts ?? 0 } : undefined,
    });
  };

  const report = async (issueId: unknown, page: unknown = 0, extra: { notice?: Notice; downloadUrl?: string } = {}) => reportCard({ ...(await reportView(s, issueId, page)), ...extra });

  /** The issue's card for the business unit: the compose card until it goes out, then its report. */
  const openIssue = async (issue: Issue, notice?: Notice) => (stageOf(issue) === 'draft' || stageOf(issue) === 'scheduled' ? compose(draftValues(issue), { issue, notice, errors: s.newsletter.draftProblems(issue) }) : report(issue.id, 0, { notice }));

  /** A refused compose card comes back with everything typed, and what to fix beside each field. */
  const composeAgain: ErrorCard = (e, data) => {
    const id = str(data, 'issueId');
    const issue = id ? s.newsletter.all().find((i) => i.id === id) : undefined;
    const errors = e instanceof AnswersInvalidError ? e.errors : undefined;
    const kept: Notice | undefined = e instanceof DraftKeptError ? { text: issue?.sendAt ? 'Everything you typed is kept on the draft, but the scheduled send still carries the last version that could be saved: fix what is marked, then save.' : 'Everything you typed is kept on the draft. Fix what is marked, then press again.', tone: 'warning' } : undefined;
    const notice: Notice | undefined = errors ? kept : { text: e instanceof UserFacingError ? e.message : 'That did not work just now. Nothing was sent, and everything you typed is still here: press the button again.', tone: 'attention' };
    // A draft card pressed after the issue went out: its compose buttons no longer apply.
    if (issue && issue.sentAt && !errors) return messageCard('This issue has gone out', notice?.text ?? '', 'warning');
    return compose(typedCompose(data), { issue, errors, notice, mode: issue?.sentAt ? 'edit' : 'draft' });
  };

  return { tz, by, when, compose, report, openIssue, composeAgain };
}
