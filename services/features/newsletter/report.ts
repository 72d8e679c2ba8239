import { answersCsv } from '../../campaigns/answers-csv.js';
import { toCsv } from '../../csv.js';
import type { Delivery } from '../../delivery/deliveries.js';
import type { Answers } from '../../forms/answers.js';
import { formatDayDateTime } from '../../zoned-time.js';
import type { AudienceMember } from './audience.js';
import type { Acknowledgement, Issue } from './issue.js';
import type { Newsletter } from './newsletter.js';

/** What became of one person's copy, in the business unit's words. */
export type Outcome = 'sent' | 'sending' | 'failed' | 'interrupted' | 'blocked' | 'not-installed' | 'not-sent';

export const OUTCOME_WORDS: Record<Outcome, string> = {
  sent: 'Sent',
  sending: 'On its way',
  failed: 'Failed',
  interrupted: 'Sent again after a restart (may have arrived twice)',
  blocked: 'Blocked the app',
  'not-installed': 'Does not have the app',
  'not-sent': 'Not sent',
};

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
      return { outcome: 'failed', reason: d.lastError };
  }
}

/**
 * Everyone the issue went to, and everyone in its audience now: a person added since it went out
 * shows as not sent until the late-joiner run sends it.
 */
export async function issueReport(n: Newsletter, issue: Issue): Promise<IssueReport> {
  const deliveries = new Map((await n.latestPerPerson(issue)).map((d) => [d.personId, d]));
  const acks = new Map((await n.acknowledgements(issue.id)).map((a) => [a.id, a]));
  const people = new Map<string, AudienceMember>(n.members(issue).map((m) => [m.personId, m]));
  for (const personId of deliveries.keys()) if (!people.has(personId)) people.set(personId, { personId, name: personId, organisation: 'No longer in the audience' });
  const counts: IssueReport['counts'] = { people: 0, sent: 0, sending: 0, failed: 0, interrupted: 0, blocked: 0, 'not-installed': 0, 'not-sent': 0, read: 0, cascaded: 0, notYet: 0, answered: 0 };
  const byOrg = new Map<string, ReportRow[]>();
  for (const m of people.values()) {
    const a = acks.get(m.personId);
    const row: ReportRow = { ...m, ...outcomeOf(deliveries.get(m.personId)), readAt: a?.readAt, cascade: a?.cascade, answers: a?.answers };
    counts.people++;
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
  return { issue, counts, byOrganisation };
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
  const header = ['Organisation', 'Name', 'Email', 'Outcome', 'Reason', 'Read at (UK time)', 'Cascaded to their team'];
  const filename = `newsletter-${report.issue.sentAt?.slice(0, 10) ?? 'draft'}-${report.issue.id.slice(-8)}.csv`;
  const form = n.form(report.issue);
  return { filename, content: form ? answersCsv(form, header, rows) : toCsv(header, rows.map((r) => r.cells)) };
}
