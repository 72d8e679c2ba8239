import { pageOf } from '../../campaigns/campaigns.js';
import type { AppConfig } from '../../config.js';
import { count } from '../../words.js';
import { formatDayDateTime } from '../../zoned-time.js';
import { stageOf, type Acknowledgement, type AskKind, type Issue } from './issue.js';
import { FIELD } from './compose.js';
import type { Newsletter } from './newsletter.js';
import { CHANNEL_OUTCOME_WORDS, issueReport, OUTCOME_WORDS, type IssueReport } from './report.js';

/** Read-only views of newsletters, worded for cards. */

export interface NewsletterViewDeps {
  config: AppConfig;
  newsletter: Newsletter;
}

const when = (s: Pick<NewsletterViewDeps, 'config'>, iso: string) => formatDayDateTime(new Date(iso), s.config.timeZone);
const n = (x: number) => x.toLocaleString('en-GB');

export const ASK_WORDS: Record<AskKind, string> = {
  none: 'nothing',
  read: '"Read it"',
  'read-cascade': '"Read it" and whether they cascaded it',
  form: 'a form',
};

export function audienceWords(s: Pick<NewsletterViewDeps, 'config'> & Partial<Pick<NewsletterViewDeps, 'newsletter'>>, i: Pick<Issue, 'audience'>): string {
  const names = i.audience.map((a) => {
    if (a.kind === 'everyone') return 'everyone who has the app';
    if (a.kind === 'channel') return `the channel ${s.newsletter?.channelWords(a.teamId, a.channelId) ?? a.channelId}`;
    return s.config.partnership.groups.find((g) => g.id === a.groupId)?.name ?? a.groupId;
  });
  return names.length ? names.join(', ') : 'nobody chosen yet';
}

/** The issue as a recipient sees it, with their own answer and when. */
export function issueView(s: Pick<NewsletterViewDeps, 'config'>, i: Issue, ack?: Acknowledgement, notice?: { text: string; tone: 'good' | 'warning' | 'attention' | 'accent' }) {
  const answer = ack
    ? {
        read: ack.readAt ? `You read this on ${when(s, ack.readAt)}.` : undefined,
        cascade: ack.cascade && ack.cascadeAt ? (ack.cascade === 'yes' ? `Yes: you cascaded it to your team (${when(s, ack.cascadeAt)}).` : `Not yet (you said so on ${when(s, ack.cascadeAt)}). Press Yes once you have.`) : undefined,
        cascaded: ack.cascade,
        answered: ack.answers && ack.answeredAt ? `You answered on ${when(s, ack.answeredAt)}.` : undefined,
      }
    : undefined;
  return {
    issueId: i.id,
    partnershipShortName: s.config.partnership.partnership.shortName,
    title: i.title,
    summary: i.summary,
    sentOn: i.sentAt ? when(s, i.sentAt) : undefined,
    editedOn: i.editedAt ? when(s, i.editedAt) : undefined,
    imageUrl: i.imageUrl,
    sections: i.sections,
    links: i.links,
    ask: i.ask,
    formTitle: i.ask === 'form' && i.formId ? s.config.partnership.forms[i.formId]?.title : undefined,
    answer,
    notice,
  };
}

export function stageWords(s: Pick<NewsletterViewDeps, 'config'>, i: Issue): { stage: string; when: string } {
  switch (stageOf(i)) {
    case 'draft':
      return { stage: 'Draft', when: `last saved ${when(s, i.updatedAt)}` };
    case 'scheduled':
      return { stage: 'Scheduled', when: `goes ${when(s, i.sendAt!)}` };
    case 'sent':
      return { stage: 'Sent', when: when(s, i.sentAt!) };
    case 'recalled':
      return { stage: 'Recalled', when: `recalled ${when(s, i.recalledAt!)}` };
  }
}

/** A draft is listed under the title last typed on it, even when that press was refused and the title not yet saved. */
export function listView(s: NewsletterViewDeps) {
  return s.newsletter.all().map((i) => ({ issueId: i.id, title: i.typed?.[FIELD.title]?.trim() || i.title || '(no title yet)', ...stageWords(s, i) }));
}

/**
 * A recall in one line, counted from its deletes' own records: "Recalled on …: deleted from 1 of
 * 2 chats; 1 could not be deleted (Teams refused): that copy stays in their chat."
 */
export function recallText(on: string, d: { total: number; deleted: number; failed: number; pending: number; posts?: { total: number; deleted: number } }): string {
  const posts = d.posts ?? { total: 0, deleted: 0 };
  const chats = { total: d.total - posts.total, deleted: d.deleted - posts.deleted };
  if (!d.total) return `Recalled on ${on}: it had not reached anyone's chat, so there was nothing to delete.`;
  const where = [chats.total && count(chats.total, 'chat'), posts.total && count(posts.total, 'channel')].filter(Boolean).join(' and ');
  if (d.pending === d.total) return `Recalled on ${on}: deleting it from ${where} now (press Refresh to see how it went).`;
  // Chats and channel posts named apart, a part with none left out: "deleted from 2 of 3 chats and 1 of 1 channel post".
  const parts = [[chats.total && `from ${n(chats.deleted)} of ${count(chats.total, 'chat')}`, posts.total && `${n(posts.deleted)} of ${count(posts.total, 'channel post')}`].filter(Boolean).join(' and ')].map((x) => `deleted ${x}`);
  if (d.failed) parts.push(`${n(d.failed)} could not be deleted (Teams refused): ${d.failed === 1 ? 'that copy stays in their chat' : 'those copies stay in their chats'}`);
  if (d.pending) parts.push(`${n(d.pending)} still being deleted (press Refresh)`);
  return `Recalled on ${on}: ${parts.join('; ')}.`;
}

/** "Sent 1,200 of 5,000: 3 blocked, 12 do not have the app, 2 failed, 1 may have arrived twice". */
export function progressText(r: IssueReport): string {
  const c = r.counts;
  const parts = [c.blocked && `${n(c.blocked)} blocked the app`, c['not-installed'] && `${n(c['not-installed'])} do not have the app`, c.failed && `${n(c.failed)} failed`, c.interrupted && `${n(c.interrupted)} may have arrived twice (sent again after a restart)`, c.sending && `${n(c.sending)} still on their way`].filter(Boolean);
  const people = `Sent ${n(c.sent + c.interrupted)} of ${n(c.people)}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
  if (!r.channels.length) return people;
  // A channel-only issue: "Sent 0 of 0" would only puzzle.
  if (!c.people) return progressOfPosts(r);
  const k = r.channelCounts;
  const posts = [k.failed && `${n(k.failed)} failed`, k.posting && `${n(k.posting)} on the way`, k.recalled && `${n(k.recalled)} recalled`].filter(Boolean);
  return `${people} Posted in ${n(k.posted)} of ${count(r.channels.length, 'channel')}${posts.length ? `: ${posts.join(', ')}` : ''}.`;
}

function progressOfPosts(r: IssueReport): string {
  const k = r.channelCounts;
  const posts = [k.failed && `${n(k.failed)} failed`, k.posting && `${n(k.posting)} on the way`, k.recalled && `${n(k.recalled)} recalled`].filter(Boolean);
  return `Posted in ${n(k.posted)} of ${count(r.channels.length, 'channel')}${posts.length ? `: ${posts.join(', ')}` : ''}.`;
}

/** Organisations a page shows: more makes a card people scroll past, and Teams has a size limit. */
const ORGS_PER_PAGE = 8;

export async function reportView(s: NewsletterViewDeps, issueId: unknown, page: unknown) {
  const issue = s.newsletter.issue(issueId);
  const r = await issueReport(s.newsletter, issue);
  const c = r.counts;
  const counts: Array<[string, string]> = [['Sent', n(c.sent)]];
  if (c.sending) counts.push(['On their way', n(c.sending)]);
  counts.push(['Failed', n(c.failed)], ['Blocked the app', n(c.blocked)], ['Do not have the app', n(c['not-installed'])]);
  if (c.interrupted) counts.push(['Sent again', `${n(c.interrupted)} (the bot restarted while sending, so these may have arrived twice)`]);
  if (issue.ask === 'read' || issue.ask === 'read-cascade') counts.push(['Read it', n(c.read)]);
  if (issue.ask === 'read-cascade') counts.push(['Cascaded to their team', n(c.cascaded)], ['Not yet cascaded', n(c.notYet)]);
  if (issue.ask === 'form') counts.push(['Answered the form', n(c.answered)]);
  if (c['via-channel']) counts.push(['Answered on a channel post', `${n(c['via-channel'])} (without a card of their own)`]);
  for (const ch of r.channels) counts.push([`Channel: ${ch.name}`, ch.outcome === 'failed' ? `Failed (${ch.reason ?? 'no reason given'})` : CHANNEL_OUTCOME_WORDS[ch.outcome]]);
  const shown = pageOf(r.byOrganisation, page, ORGS_PER_PAGE);
  const failedReasons = r.byOrganisation.flatMap((o) => o.rows).filter((x) => x.outcome === 'failed');
  const line = (x: IssueReport['byOrganisation'][number]['rows'][number]) => {
    const answer = issue.ask === 'form' ? (x.answers ? 'answered' : '') : [x.readAt && 'read', x.cascade === 'yes' && 'cascaded', x.cascade === 'not-yet' && 'not yet cascaded'].filter(Boolean).join(', ');
    const outcome = x.outcome === 'sent' ? '' : x.outcome === 'failed' ? `failed (${x.reason ?? 'no reason given'})` : OUTCOME_WORDS[x.outcome].toLowerCase();
    return `${x.name}: ${[answer || (x.outcome === 'sent' && issue.ask !== 'none' ? 'no answer yet' : ''), outcome].filter(Boolean).join('; ') || 'sent'}`;
  };
  const deletions = issue.recalledAt ? await s.newsletter.deletions(issue) : undefined;
  const sent = issue.sentAt ? `Sent ${when(s, issue.sentAt)}` : 'Not sent yet';
  return {
    issueId: issue.id,
    title: issue.title,
    subtitle: `${sent} to ${audienceWords(s, issue)}${issue.editedAt ? `; edited ${when(s, issue.editedAt)}` : ''}`,
    progress: progressText(r),
    counts,
    ask: issue.ask,
    organisations: shown.rows.map((o) => ({ name: o.organisation, lines: o.rows.map(line) })),
    page: shown.page,
    pages: shown.pages,
    failed: failedReasons.length + r.channelCounts.failed,
    // Those a reminder would reach: their copy arrived, and they have not acknowledged it.
    waiting: (await s.newsletter.toRemind(issue)).length,
    remindedOn: issue.remindAt ? when(s, issue.remindAt) : undefined,
    recalled: issue.recalledAt && deletions ? recallText(when(s, issue.recalledAt), deletions) : undefined,
    recallFailed: (deletions?.failed ?? 0) > 0,
    canRemind: issue.status === 'open',
  };
}
