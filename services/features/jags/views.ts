import type { Clock } from '../../clock.js';
import type { AppConfig } from '../../config.js';
import type { People } from '../../people/people.js';
import { formatDayDateTime, zonedParts } from '../../zoned-time.js';
import { invitedCount, JAGS_OUTCOMES, quarterOf, quarterRange, type Jags, type JagsRequest, type JagsSession } from './jags.js';

/** Read-only views of JAGS data, worded for cards. */

/** What the views read: requests, sessions and feedback, the roster (facilitators' names) and the clock. */
export interface JagsViewDeps {
  config: AppConfig;
  clock: Clock;
  people: People;
  jags: Jags;
}

export function requestLine(r: JagsRequest): string {
  return `${r.receivedOn}: ${r.agency}, ${r.role}`;
}

export function jagsHomeView(s: JagsViewDeps) {
  return {
    requests: s.jags.allRequests().map((r) => {
      const session = s.jags.sessionFor(r.id);
      return { id: r.id, line: requestLine(r), outcome: `${JAGS_OUTCOMES[r.outcome]}${r.signpostedTo ? `: ${r.signpostedTo}` : ''}`, canLogSession: r.outcome === 'proceeded' && !session, sessionId: session?.id };
    }),
    sessions: s.jags.allSessions().map((x) => ({ id: x.id, line: formatDayDateTime(new Date(x.startsAt), s.config.timeZone), status: x.status })),
  };
}

const FEEDBACK_STATUS: Record<JagsSession['status'], string> = { scheduled: 'Not sent yet: goes after the session', open: 'Open', closed: 'Closed' };

export async function sessionView(s: JagsViewDeps, session: JagsSession, extra: { warning?: string; notice?: string } = {}) {
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
    participants: invitedCount(session),
    // Someone erased on request can no longer be reached either.
    unreachable: session.participants.filter((e) => s.people.installationOf(e)?.status !== 'installed').length + (session.erasedParticipants ?? 0),
    status: `${FEEDBACK_STATUS[session.status]}${session.status === 'open' ? closes : ''}`,
    answered: summary.answered,
    ...extra,
  };
}

export async function summaryView(s: JagsViewDeps, session: JagsSession) {
  const summary = await s.jags.summary(session.id);
  const request = s.jags.request(session.requestId);
  return { title: `session for ${request.agency}`, when: formatDayDateTime(new Date(session.startsAt), s.config.timeZone), ...summary };
}

/** The last eight financial quarters, newest first. */
export function recentQuarters(s: JagsViewDeps): Array<{ value: string; title: string }> {
  const out: Array<{ value: string; title: string }> = [];
  let q = quarterOf(zonedParts(s.clock.now(), s.config.timeZone).date);
  for (let i = 0; i < 8; i++) {
    out.push({ value: q, title: quarterRange(q)!.label });
    const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
    q = n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
  }
  return out;
}

export async function quarterView(s: JagsViewDeps, quarter: string) {
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
