import { answersCsv } from '../../campaigns/answers-csv.js';
import { toCsv } from '../../csv.js';
import type { Delivery } from '../../delivery/deliveries.js';
import type { Answers } from '../../forms/answers.js';
import { formatDayDateTime } from '../../zoned-time.js';
import { count } from '../../words.js';
import { isChannelKey } from '../../people/teams.js';
import { audienceChannels, type AudienceMember } from './audience.js';
import { KINDS } from './follow-ups.js';
import type { Acknowledgement, Issue } from './issue.js';
import type { Newsletter } from './newsletter.js';

/** What became of one person's copy, in the business unit's words. */
export type Outcome = 'sent' | 'sending' | 'failed' | 'interrupted' | 'blocked' | 'not-installed' | 'not-sent' | 'via-channel';

export const OUTCOME_WORDS: Record<Outcome, string> = {
  sent: 'Sent',
  sending: 'On its way',
  failed: 'Failed',
  interrupted: 'Sent again after a restart (may have arrived twice)',
  blocked: 'Blocked the app',
  'not-installed': 'Does not have the app',
  'not-sent': 'Not sent',
  'via-channel': 'Answered on a channel post',
};

/** What became of one channel post. */
export type ChannelOutcome = 'posted' | 'posting' | 'failed' | 'recalled';

export const CHANNEL_OUTCOME_WORDS: Record<ChannelOutcome, string> = { posted: 'Posted', posting: 'Being posted', failed: 'Failed', recalled: 'Recalled (deleted from the channel)' };

export interface ChannelRow {
  key: string;
  /** "Team › Channel". */
  name: string;
  outcome: ChannelOutcome;
  reason?: string;
}

export interface ReportRow {
  personId: string;
  name: string;
  organisation: string;
  outcome: Outcome;
  reason?: string;
  readAt?: string;
  cascade?: Acknowledgement['cascade'];
  answers?: Answers;
}

export interface IssueReport {
  issue: Issue;
  counts: Record<Outcome, number> & { people: number; read: number; cascaded: number; notYet: number; answered: number };
  /** By organisation, each person with their outcome and answer; organisations in name order. */
  byOrganisation: Array<{ organisation: string; rows: ReportRow[] }>;
  /** Channel posts, counted apart from people: one message each, answered per person (those answers are in the rows above). */
  channels: ChannelRow[];
  channelCounts: Record<ChannelOutcome, number>;
}

function channelOutcomeOf(d: Delivery | undefined, deleted: boolean): { outcome: ChannelOutcome; reason?: string } {
  if (deleted) return { outcome: 'recalled' };
  if (!d || d.status === 'superseded') return { outcome: 'failed', reason: 'not posted' };
  if (d.status === 'sent') return { outcome: 'posted' };
  if (d.status === 'queued' || d.status === 'sending') return { outcome: 'posting' };
  // A 403 or 404 from Teams on a channel post: the app is no longer in the team, or the channel is gone.
  const reason = d.status === 'blocked' ? 'Teams refused: the app is no longer in that team' : d.status === 'not-installed' ? 'Teams could not find the channel' : d.lastError;
  return { outcome: 'failed', reason };
}

function outcomeOf(d: Delivery | undefined): { outcome: Outcome; reason?: string } {
  if (!d) return { outcome: 'not-sent' };
  switch (d.status) {
    case 'sent':
      // A send cut short by a restart goes again (at least once), and is marked: it may have arrived twice.
      return d.maybeDuplicate ? { outcome: 'interrupted', reason: d.duplicateReason } : { outcome: 'sent' };
    case 'queued':
    case 'sending':
      return { outcome: 'sending' };
    case 'blocked':
      return { outcome: 'blocked' };
    case 'not-installed':
      return { outcome: 'not-installed' };
    case 'superseded':
      return { outcome: 'not-sent' };
    case 'failed':
      return { outcome: 'failed', reason: failureWords(d) };
  }
}

/**
 * Why a send failed, for business unit staff: "transient: 500 ServiceError" says nothing to them.
 * A reason already in words (the app removed from a team…) is kept as it is.
 */
export function failureWords(d: Pick<Delivery, 'lastError' | 'attempts'>): string | undefined {
  const m = /^(transient|throttled|permanent): ([\s\S]*)$/.exec(d.lastError ?? '');
  if (!m) return d.lastError;
  const tries = d.attempts === 1 ? 'once' : `${count(d.attempts, 'time')}`;
  if (m[1] === 'permanent') return `Teams refused it (${m[2]}), so the bot did not try again`;
  return `${m[1] === 'throttled' ? 'Teams was too busy' : 'Teams had a problem'}; the bot tried ${tries}`;
}

/**
 * Everyone the issue went to, and everyone in its audience now: a person added since it went out
 * shows as not sent until the late-joiner run sends it.
 */
export async function issueReport(n: Newsletter, issue: Issue): Promise<IssueReport> {
  const latest = await n.latestPerPerson(issue);
  const deliveries = new Map(latest.filter((d) => !isChannelKey(d.personId)).map((d) => [d.personId, d]));
  const acks = new Map((await n.acknowledgements(issue.id)).map((a) => [a.id, a]));
  const people = new Map<string, AudienceMember>(n.members(issue).map((m) => [m.personId, m]));
  for (const personId of deliveries.keys()) if (!people.has(personId)) people.set(personId, { personId, name: personId, organisation: 'No longer in the audience' });
  // Someone who answered on a channel post without a card of their own is counted too, under their organisation.
  const viaChannel = new Set<string>();
  for (const personId of acks.keys()) {
    if (people.has(personId)) continue;
    const p = n.person(personId);
    people.set(personId, { personId, name: p?.name ?? personId, organisation: p?.organisation ?? 'Not on the roster' });
    viaChannel.add(personId);
  }
  const counts: IssueReport['counts'] = { people: 0, sent: 0, sending: 0, failed: 0, interrupted: 0, blocked: 0, 'not-installed': 0, 'not-sent': 0, 'via-channel': 0, read: 0, cascaded: 0, notYet: 0, answered: 0 };
  const byOrg = new Map<string, ReportRow[]>();
  for (const m of people.values()) {
    const a = acks.get(m.personId);
    const row: ReportRow = { ...m, ...(viaChannel.has(m.personId) ? { outcome: 'via-channel' as const } : outcomeOf(deliveries.get(m.personId))), readAt: a?.readAt, cascade: a?.cascade, answers: a?.answers };
    if (row.outcome !== 'via-channel') counts.people++;
    counts[row.outcome]++;
    if (row.readAt) counts.read++;
    if (row.cascade === 'yes') counts.cascaded++;
    if (row.cascade === 'not-yet') counts.notYet++;
    if (row.answers) counts.answered++;
    byOrg.set(m.organisation, [...(byOrg.get(m.organisation) ?? []), row]);
  }
  const byOrganisation = [...byOrg.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([organisation, rows]) => ({ organisation, rows: rows.sort((x, y) => x.name.localeCompare(y.name)) }));
  const posts = new Map(latest.filter((d) => isChannelKey(d.personId)).map((d) => [d.personId, d]));
  const deleted = new Set((await n.deliveryRecords(issue)).filter((d) => d.kind === KINDS.remove && d.status === 'sent' && isChannelKey(d.personId)).map((d) => d.personId));
  const channels: ChannelRow[] = audienceChannels(issue.audience).map((c) => ({ key: c.key, name: n.channelWords(c.teamId, c.channelId), ...(issue.sentAt ? channelOutcomeOf(posts.get(c.key), deleted.has(c.key)) : { outcome: 'posting' as const }) }));
  const channelCounts: IssueReport['channelCounts'] = { posted: 0, posting: 0, failed: 0, recalled: 0 };
  for (const c of channels) channelCounts[c.outcome]++;
  return { issue, counts, byOrganisation, channels, channelCounts };
}

/** One row per person, for Excel: what became of their copy, and their answer. */
export function reportCsv(n: Newsletter, report: IssueReport, timeZone: string): { filename: string; content: string } {
  const when = (iso?: string) => (iso ? formatDayDateTime(new Date(iso), timeZone) : '');
  const rows = report.byOrganisation.flatMap((o) =>
    o.rows.map((r) => ({
      cells: [o.organisation, r.name, r.personId, OUTCOME_WORDS[r.outcome], r.reason ?? '', when(r.readAt), r.cascade === 'yes' ? 'Yes' : r.cascade === 'not-yet' ? 'Not yet' : ''],
      answers: r.answers,
    })),
  );
  // Channel posts last, one row each: the channel in place of a person, its answers counted in the people above.
  for (const c of report.channels) rows.push({ cells: ['Channel post', c.name, '', CHANNEL_OUTCOME_WORDS[c.outcome], c.reason ?? '', '', ''], answers: undefined });
  const header = ['Organisation', 'Name', 'Email', 'Outcome', 'Reason', 'Read at (UK time)', 'Cascaded to their team'];
  const filename = `newsletter-${report.issue.sentAt?.slice(0, 10) ?? 'draft'}-${report.issue.id.slice(-8)}.csv`;
  const form = n.form(report.issue);
  return { filename, content: form ? answersCsv(form, header, rows) : toCsv(header, rows.map((r) => r.cells)) };
}
