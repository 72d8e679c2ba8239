import { toCsv } from '../../csv.js';
import type { GroupConfig } from '../../config.js';
import type { Person } from '../../people/people.js';
import { wallClockOn, zonedParts } from '../../zoned-time.js';
import type { Meeting } from './meetings.js';
import type { Rsvp } from './rsvp.js';
import type { TeamsAttendance } from './teams-attendance.js';

/**
 * The partnership reports April to March (the NSCP and LSCG annual reports cover 1 April to
 * 31 March), so a year here is "2024–25": from 1 April 2024 to 31 March 2025, UK time.
 */
export interface ReportingYear {
  startYear: number;
  label: string;
  from: Date;
  to: Date;
}

export function reportingYear(startYear: number, timeZone: string): ReportingYear {
  return {
    startYear,
    label: `${startYear}–${String((startYear + 1) % 100).padStart(2, '0')}`,
    from: wallClockOn(`${startYear}-04-01`, '00:00', timeZone),
    to: wallClockOn(`${startYear + 1}-04-01`, '00:00', timeZone),
  };
}

/** The reporting year an instant falls in: April onwards belongs to the year that began that April. */
export function reportingYearOf(instant: Date, timeZone: string): number {
  const [y, m] = zonedParts(instant, timeZone).date.split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

export interface YearRow {
  name: string;
  meetings: number;
  invited: number;
  attended: number;
  apologies: number;
  deputy: number;
  noReply: number;
}

export interface YearFigures {
  year: ReportingYear;
  /** Meetings held in the year (not cancelled, already begun). */
  meetingsHeld: number;
  /** Of those, how many had Teams' attendance report; the others count "replied Attending" as attended. */
  withTeamsReport: number;
  byGroup: YearRow[];
  byOrganisation: YearRow[];
}

export interface YearInput {
  startYear: number;
  timeZone: string;
  now: Date;
  meetings: Meeting[];
  /** The LSCGs, in the config's order. */
  groups: GroupConfig[];
  /** The groups a meeting is for: one LSCG, or all of them for a joint meeting. */
  audience(m: Meeting): string[];
  people: Person[];
  answers(meetingId: string): Rsvp[];
  teams(meetingId: string): TeamsAttendance | undefined;
}

const emptyRow = (name: string): YearRow => ({ name, meetings: 0, invited: 0, attended: 0, apologies: 0, deputy: 0, noReply: 0 });

/**
 * A year's figures per LSCG and per organisation, from replies and, where Teams gave one, the
 * attendance report. Members invited are the groups' members as the roster has them now.
 */
export function yearFigures(input: YearInput): YearFigures {
  const year = reportingYear(input.startYear, input.timeZone);
  const held = input.meetings
    .filter((m) => m.status === 'scheduled' && Date.parse(m.startsAt) >= year.from.getTime() && Date.parse(m.startsAt) < year.to.getTime() && Date.parse(m.startsAt) <= input.now.getTime())
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const groups = new Map(input.groups.map((g) => [g.id, emptyRow(g.name)]));
  const orgs = new Map<string, YearRow>();
  let withTeamsReport = 0;
  for (const m of held) {
    const audience = input.audience(m);
    const answers = new Map(input.answers(m.id).map((a) => [a.id, a]));
    const teams = input.teams(m.id);
    const report = teams?.state === 'ready' ? new Set(teams.attendees.filter((a) => a.personId && a.seconds > 0).map((a) => a.personId!)) : null;
    if (report) withTeamsReport++;
    const touchedOrgs = new Set<string>();
    for (const gid of audience) {
      const row = groups.get(gid);
      if (!row) continue;
      row.meetings++;
      for (const p of input.people.filter((x) => x.groupIds.includes(gid))) count(row, p, answers.get(p.id), report);
    }
    // An organisation counts each of its people once per meeting, even one in two LSCGs at a joint meeting.
    for (const p of input.people.filter((x) => x.groupIds.some((g) => audience.includes(g)))) {
      let row = orgs.get(p.organisation);
      if (!row) orgs.set(p.organisation, (row = emptyRow(p.organisation)));
      if (!touchedOrgs.has(p.organisation)) {
        row.meetings++;
        touchedOrgs.add(p.organisation);
      }
      count(row, p, answers.get(p.id), report);
    }
  }
  return {
    year,
    meetingsHeld: held.length,
    withTeamsReport,
    byGroup: [...groups.values()].filter((r) => r.meetings > 0),
    byOrganisation: [...orgs.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function count(row: YearRow, p: Person, answer: Rsvp | undefined, joined: Set<string> | null): void {
  row.invited++;
  const attended = joined ? joined.has(p.id) : answer?.response === 'attending';
  if (attended) row.attended++;
  else if (answer?.response === 'apologies') row.apologies++;
  else if (answer?.response === 'deputy') row.deputy++;
  else if (!answer) row.noReply++;
}

/** The year's figures as a spreadsheet: one row per LSCG, then one per organisation. */
export function yearCsv(f: YearFigures): { filename: string; content: string } {
  const line = (kind: string, r: YearRow) => [kind, r.name, String(r.meetings), String(r.invited), String(r.attended), String(r.apologies), String(r.deputy), String(r.noReply)];
  return {
    filename: `lscg-attendance-${f.year.startYear}-${String((f.year.startYear + 1) % 100).padStart(2, '0')}.csv`,
    content: toCsv(
      ['Kind', 'Name', 'Meetings held', 'Members invited', 'Attended', 'Sent apologies', 'Sent a deputy', 'No reply'],
      [...f.byGroup.map((r) => line('LSCG', r)), ...f.byOrganisation.map((r) => line('Organisation', r))],
    ),
  };
}
