import type { Delivery } from '../../delivery/deliveries.js';
import type { Installation, Person } from '../../people/people.js';
import type { Rsvp } from './rsvp.js';
import type { Attendee, TeamsAttendance } from './teams-attendance.js';

export type AttendanceStatus = 'attending' | 'apologies' | 'deputy' | 'no-reply' | 'not-reachable';

export interface AttendanceRow {
  personId: string;
  name: string;
  organisation: string;
  status: AttendanceStatus;
  deputyName?: string;
  /** Why someone cannot be reached: they have not installed the app, or blocked it. */
  reachability?: 'not installed' | 'blocked';
  /** From the Teams attendance report, once there is one: seconds in the meeting, 0 if they did not join. */
  joinedSeconds?: number;
}

export interface OrganisationCounts {
  organisation: string;
  attending: number;
  apologies: number;
  deputy: number;
  noReply: number;
  notReachable: number;
}

export interface AttendanceReport {
  rows: AttendanceRow[];
  totals: Record<AttendanceStatus, number>;
  byOrganisation: OrganisationCounts[];
  /** Present for the bot's own Teams meetings: where the report from Teams stands and what it showed. */
  teams?: {
    state: TeamsAttendance['state'];
    problem?: string;
    nextTryAt?: string;
    /** Replied attending but did not join. */
    didNotJoin: AttendanceRow[];
    /** Joined without replying (members who gave no answer). */
    joinedWithoutReply: AttendanceRow[];
    /** Joined, but not on the group's list of members (guests, people from other teams, deputies). */
    notMembers: Attendee[];
  };
}

/**
 * Who is coming, from the members invited, their answers and what the bot could deliver. An
 * answer counts even from someone now unreachable: they told us before they blocked the bot.
 */
export function attendanceReport(members: Person[], answers: Rsvp[], installationOf: (personId: string) => Installation | undefined, deliveries: Delivery[], teams?: TeamsAttendance): AttendanceReport {
  const answerOf = new Map(answers.map((a) => [a.id, a]));
  const blockedByDelivery = new Set(deliveries.filter((d) => d.status === 'blocked').map((d) => d.personId));
  const rows: AttendanceRow[] = members.map((p) => {
    const a = answerOf.get(p.id);
    const inst = installationOf(p.id);
    const reachability = !inst || inst.status === 'uninstalled' ? 'not installed' : inst.status === 'blocked' || blockedByDelivery.has(p.id) ? 'blocked' : undefined;
    const status: AttendanceStatus = a ? a.response : reachability ? 'not-reachable' : 'no-reply';
    return { personId: p.id, name: p.name, organisation: p.organisation, status, deputyName: a?.deputyName, reachability };
  });
  rows.sort((x, y) => x.organisation.localeCompare(y.organisation) || x.name.localeCompare(y.name));
  const totals: Record<AttendanceStatus, number> = { attending: 0, apologies: 0, deputy: 0, 'no-reply': 0, 'not-reachable': 0 };
  const orgs = new Map<string, OrganisationCounts>();
  for (const r of rows) {
    totals[r.status]++;
    const o = orgs.get(r.organisation) ?? { organisation: r.organisation, attending: 0, apologies: 0, deputy: 0, noReply: 0, notReachable: 0 };
    if (r.status === 'attending') o.attending++;
    else if (r.status === 'apologies') o.apologies++;
    else if (r.status === 'deputy') o.deputy++;
    else if (r.status === 'no-reply') o.noReply++;
    else o.notReachable++;
    orgs.set(r.organisation, o);
  }
  const report: AttendanceReport = { rows, totals, byOrganisation: [...orgs.values()] };
  if (teams) report.teams = withTeams(rows, teams);
  return report;
}

function withTeams(rows: AttendanceRow[], teams: TeamsAttendance): NonNullable<AttendanceReport['teams']> {
  const out: NonNullable<AttendanceReport['teams']> = { state: teams.state, problem: teams.problem, nextTryAt: teams.nextTryAt, didNotJoin: [], joinedWithoutReply: [], notMembers: [] };
  if (teams.state !== 'ready') return out;
  const seconds = new Map(teams.attendees.filter((a) => a.personId).map((a) => [a.personId!, a.seconds]));
  const memberIds = new Set(rows.map((r) => r.personId));
  for (const r of rows) {
    r.joinedSeconds = seconds.get(r.personId) ?? 0;
    const joined = seconds.has(r.personId);
    if (r.status === 'attending' && !joined) out.didNotJoin.push(r);
    if ((r.status === 'no-reply' || r.status === 'not-reachable') && joined) out.joinedWithoutReply.push(r);
  }
  out.notMembers = teams.attendees.filter((a) => !a.personId || !memberIds.has(a.personId)).sort((a, b) => a.name.localeCompare(b.name));
  return out;
}
