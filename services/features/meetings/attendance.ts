import type { Delivery } from '../../delivery/deliveries.js';
import type { Installation, Person } from '../../people/people.js';
import type { Rsvp } from './rsvp.js';

export type AttendanceStatus = 'attending' | 'apologies' | 'deputy' | 'no-reply' | 'not-reachable';

export interface AttendanceRow {
  personId: string;
  name: string;
  organisation: string;
  status: AttendanceStatus;
  deputyName?: string;
  /** Why someone cannot be reached: they have not installed the app, or blocked it. */
  reachability?: 'not installed' | 'blocked';
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
}

/**
 * Who is coming, from the members invited, their answers and what the bot could deliver. An
 * answer counts even from someone now unreachable: they told us before they blocked the bot.
 */
export function attendanceReport(members: Person[], answers: Rsvp[], installationOf: (personId: string) => Installation | undefined, deliveries: Delivery[]): AttendanceReport {
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
  return { rows, totals, byOrganisation: [...orgs.values()] };
}
