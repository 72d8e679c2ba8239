import type { AppServices } from './app-services.js';
import { orgKey, type S11Cycle, type S11Return, type StatusRow } from './features/section11/section11.js';
import { JAGS_OUTCOMES, quarterOf, quarterRange, type JagsRequest, type JagsSession } from './features/jags/jags.js';
import { formatDayDate, formatDayDateTime, zonedParts } from './zoned-time.js';

/** Read-only views of Section 11 and JAGS data, worded for cards. */

/** Rows a status card shows at a time: more makes a card people scroll past in Teams. */
export const STATUS_PAGE_SIZE = 15;

export function cycleTitle(c: S11Cycle): string {
  return `Section 11 return ${c.year} (${c.trackName})`;
}

export function deadlineText(s: AppServices, c: S11Cycle): string {
  return formatDayDate(new Date(c.deadlineAt), s.config.timeZone);
}

export function returnStateText(s: AppServices, r: S11Return | undefined): string {
  const tz = s.config.timeZone;
  if (r?.submitted) return `Submitted by ${r.submittedByName} on ${formatDayDateTime(new Date(r.submittedAt!), tz)}${r.late ? ' (late)' : ''}.${r.draft ? ' Changes since then are saved as a draft.' : ''}`;
  if (r?.draft) return `Draft: last changed by ${r.draftByName} on ${formatDayDateTime(new Date(r.draftAt!), tz)}.`;
  return 'Not started yet.';
}

function rowText(r: StatusRow, timeZone: string): string {
  const when = r.when ? formatDayDateTime(new Date(r.when), timeZone) : '';
  if (r.state === 'submitted') return `Submitted ${when} by ${r.by}${r.late ? ' (late)' : ''}`;
  if (r.state === 'draft') return `Draft, last changed ${when} by ${r.by}`;
  return 'Not started';
}

/** The status card's data for one page of a cycle's organisations (already in status order). */
export function buildStatusView(cycle: S11Cycle, rows: StatusRow[], page: number, timeZone: string) {
  const pages = Math.max(1, Math.ceil(rows.length / STATUS_PAGE_SIZE));
  const p = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
  return {
    cycleId: cycle.id,
    title: cycleTitle(cycle),
    deadline: formatDayDate(new Date(cycle.deadlineAt), timeZone),
    open: cycle.status === 'open',
    counts: {
      submitted: rows.filter((r) => r.state === 'submitted').length,
      draft: rows.filter((r) => r.state === 'draft').length,
      notStarted: rows.filter((r) => r.state === 'not-started').length,
      notReachable: rows.filter((r) => !r.reachable).length,
      late: rows.filter((r) => r.state === 'submitted' && r.late).length,
    },
    rows: rows.slice(p * STATUS_PAGE_SIZE, (p + 1) * STATUS_PAGE_SIZE).map((r) => ({ key: r.key, organisation: r.organisation, state: r.state, stateText: rowText(r, timeZone), reachable: r.reachable })),
    page: p,
    pages,
  };
}

export async function statusView(s: AppServices, cycleId: string, page: number) {
  const { cycle, rows } = await s.section11.status(cycleId);
  return buildStatusView(cycle, rows, page, s.config.timeZone);
}

export async function cycleList(s: AppServices) {
  return Promise.all(
    s.section11.allCycles().map(async (c) => {
      const { rows } = await s.section11.status(c.id);
      return {
        id: c.id,
        title: cycleTitle(c),
        deadline: deadlineText(s, c),
        open: c.status === 'open',
        counts: { submitted: rows.filter((r) => r.state === 'submitted').length, draft: rows.filter((r) => r.state === 'draft').length, notStarted: rows.filter((r) => r.state === 'not-started').length },
      };
    }),
  );
}

/** The open returns a lead can work on. */
export async function myReturns(s: AppServices, teamsUserId: string) {
  const person = s.people.personFor(teamsUserId);
  if (!person) return [];
  const key = orgKey(person.organisation);
  const cycles = s.section11.allCycles().filter((c) => c.status === 'open' && c.organisations.some((o) => o.key === key) && person.groupIds.includes('section-11-leads'));
  return Promise.all(
    cycles.map(async (c) => ({ cycleId: c.id, title: cycleTitle(c), organisation: person.organisation, deadline: deadlineText(s, c), state: returnStateText(s, await s.section11.returnOf(c.id, key)) })),
  );
}

export function requestLine(r: JagsRequest): string {
  return `${r.receivedOn}: ${r.agency}, ${r.role}`;
}

export function jagsHomeView(s: AppServices) {
  return {
    requests: s.jags.allRequests().map((r) => {
      const session = s.jags.sessionFor(r.id);
      return { id: r.id, line: requestLine(r), outcome: `${JAGS_OUTCOMES[r.outcome]}${r.signpostedTo ? `: ${r.signpostedTo}` : ''}`, canLogSession: r.outcome === 'proceeded' && !session, sessionId: session?.id };
    }),
    sessions: s.jags.allSessions().map((x) => ({ id: x.id, line: formatDayDateTime(new Date(x.startsAt), s.config.timeZone), status: x.status })),
  };
}

const FEEDBACK_STATUS: Record<JagsSession['status'], string> = { scheduled: 'Not sent yet: goes after the session', open: 'Open', closed: 'Closed' };

export async function sessionView(s: AppServices, session: JagsSession, extra: { warning?: string; notice?: string } = {}) {
  const summary = await s.jags.summary(session.id);
  const request = s.jags.request(session.requestId);
  const names = session.facilitatorIds.map((id) => {
    const p = s.people.person(id);
    return p ? `${p.name} (${p.organisation})` : id;
  });
  const closes = session.closesAt ? `, closes ${formatDayDateTime(new Date(session.closesAt), s.config.timeZone)}` : '';
  return {
    title: `Session for ${requestLine(request)}`,
    when: formatDayDateTime(new Date(session.startsAt), s.config.timeZone),
    facilitators: names.join(' and '),
    participants: session.participants.length,
    unreachable: session.participants.filter((e) => s.people.installationOf(e)?.status !== 'installed').length,
    status: `${FEEDBACK_STATUS[session.status]}${session.status === 'open' ? closes : ''}`,
    answered: summary.answered,
    ...extra,
  };
}

export async function summaryView(s: AppServices, session: JagsSession) {
  const summary = await s.jags.summary(session.id);
  const request = s.jags.request(session.requestId);
  return { title: `session for ${request.agency}`, when: formatDayDateTime(new Date(session.startsAt), s.config.timeZone), ...summary };
}

/** The last eight financial quarters, newest first. */
export function recentQuarters(s: AppServices): Array<{ value: string; title: string }> {
  const out: Array<{ value: string; title: string }> = [];
  let q = quarterOf(zonedParts(s.clock.now(), s.config.timeZone).date);
  for (let i = 0; i < 8; i++) {
    out.push({ value: q, title: quarterRange(q)!.label });
    const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
    q = n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
  }
  return out;
}

export async function quarterView(s: AppServices, quarter: string) {
  const r = await s.jags.quarter(quarter);
  return {
    quarter,
    label: r.label,
    quarters: recentQuarters(s),
    requests: r.requests,
    outcomes: (Object.keys(JAGS_OUTCOMES) as Array<keyof typeof JAGS_OUTCOMES>).map((k): [string, number] => [JAGS_OUTCOMES[k], r.outcomes[k]]),
    byAgency: r.byAgency,
    sessions: r.sessions,
    invited: r.invited,
    answered: r.answered,
    ratings: r.ratings,
  };
}
