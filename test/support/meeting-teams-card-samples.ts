import { createHash } from 'node:crypto';
import { attendanceCard } from '../../adaptive-cards/features/meetings/attendance.js';
import { meetingAdminCard } from '../../adaptive-cards/features/meetings/meeting-admin.js';
import { yearAttendanceCard } from '../../adaptive-cards/features/meetings/yearly.js';
import type { AppConfig } from '../../services/config.js';
import type { Delivery } from '../../services/delivery/deliveries.js';
import { attendanceReport } from '../../services/features/meetings/attendance.js';
import type { MeetingView } from '../../services/features/meetings/meeting-view.js';
import type { Meeting } from '../../services/features/meetings/meetings.js';
import type { Rsvp } from '../../services/features/meetings/rsvp.js';
import { teamsAttendanceStatus, type TeamsAttendance } from '../../services/features/meetings/teams-attendance.js';
import { reportingYear, yearFigures } from '../../services/features/meetings/yearly.js';
import type { Installation, Person } from '../../services/people/people.js';
import { wallClockOn } from '../../services/zoned-time.js';
import type { CardSample } from './card-samples.js';

/**
 * Teams meetings and attendance: the South LSCG's meeting of Friday 23 May 2025 as Teams reported
 * it, the business unit's card when the Outlook invitation failed, and the yearly figures for
 * 2024–25 that the LSCG annual report lacks (six LSCGs meeting every other month, brief §1.6).
 */
export interface SouthData {
  south: MeetingView;
  members: Person[];
  answers: Rsvp[];
  installs: Map<string, Installation>;
  deliveries: Delivery[];
}

const MAILBOX = 'lscg-meetings@norfolk.gov.uk';

/** Who joined on 23 May: Helen Brown replied but did not join; Josie Wells joined without replying; a deputy and a visitor came too. */
const SOUTH_TEAMS: TeamsAttendance = {
  id: 'mtg-south-2025-05-23',
  state: 'ready',
  attempts: 2,
  fetchedAt: '2025-05-23T11:30:00Z',
  attendees: [
    { personId: 'helen.bradley@nchc.nhs.uk', name: 'Helen Bradley', seconds: 6540 },
    { personId: 'ros.cutts@mulberrynursery.co.uk', name: 'Ros Cutts', seconds: 5100 },
    { personId: 'josie.wells@norfolk.gov.uk', name: 'Josie Wells', seconds: 3960 },
    { name: 'Kim Grant', seconds: 6480 },
    { name: 'Alex Turner', seconds: 1500 },
  ],
};

const ORGS = ['Norfolk County Council', 'NCHC', 'Norfolk Constabulary', 'Probation', 'NSFT', 'Primary schools', 'High schools', 'Early years settings', 'Voluntary sector', 'District councils'];

/** A stable number in [0, 1) from a seed: the sample year is the same on every run. */
const unit = (seed: string) => createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;

function sampleYear(config: AppConfig) {
  const tz = config.timeZone;
  const lscgs = config.partnership.groups.filter((g) => g.kind === 'lscg');
  const people: Person[] = [];
  lscgs.forEach((g, gi) => {
    for (let i = 0; i < 16 + (gi % 3) * 3; i++) people.push({ id: `${g.id}-${i}`, email: `${g.id}-${i}@example.org`, name: `${g.name} member ${i}`, organisation: ORGS[(i + gi) % ORGS.length], groupIds: [g.id], updatedAt: '' });
  });
  const meetings: Meeting[] = [];
  const days = ['2024-05-17', '2024-07-19', '2024-09-20', '2024-11-15', '2025-01-17', '2025-03-21'];
  lscgs.forEach((g, gi) =>
    days.forEach((d, di) => {
      // One West meeting was cancelled; the others went ahead.
      const status = g.id === 'lscg-west' && di === 2 ? 'cancelled' : 'scheduled';
      meetings.push({ id: `${g.id}-${d}`, groupId: g.id, mode: di % 2 ? 'in-person' : 'online', startsAt: wallClockOn(d, gi % 2 ? '14:00' : '10:30', tz).toISOString(), agenda: [], status, version: 1, createdBy: 'bu', createdAt: '', updatedAt: '', ...(di % 2 ? {} : { joinUrl: `https://teams.microsoft.com/l/meetup-join/${g.id}-${d}`, invitation: { eventId: `ev-${g.id}-${d}`, state: 'sent' as const, at: '' } }) });
    }),
  );
  const answers = (m: Meeting): Rsvp[] =>
    people
      .filter((p) => p.groupIds.includes(m.groupId))
      .flatMap((p) => {
        const r = unit(`${m.id}:${p.id}`);
        const response = r < 0.58 ? 'attending' : r < 0.78 ? 'apologies' : r < 0.86 ? 'deputy' : null;
        return response ? [{ id: p.id, meetingId: m.id, response, respondedAt: '' }] : [];
      });
  const teams = (m: Meeting): TeamsAttendance | undefined => {
    if (!m.invitation) return undefined;
    const replied = new Map(answers(m).map((a) => [a.id, a.response]));
    const attendees = people
      .filter((p) => p.groupIds.includes(m.groupId))
      .filter((p) => (replied.get(p.id) === 'attending' ? unit(`join:${m.id}:${p.id}`) < 0.88 : !replied.has(p.id) && unit(`join:${m.id}:${p.id}`) < 0.3))
      .map((p) => ({ personId: p.id, name: p.name, seconds: 3600 }));
    return { id: m.id, state: 'ready', attempts: 1, attendees };
  };
  const byId = new Map(meetings.map((m) => [m.id, m]));
  return yearFigures({
    startYear: 2024,
    timeZone: tz,
    now: new Date('2025-05-16T08:00:00Z'),
    meetings,
    groups: lscgs,
    audience: (m) => [m.groupId],
    people,
    answers: (id) => answers(byId.get(id)!),
    teams: (id) => teams(byId.get(id)!),
  });
}

export function meetingTeamsSamples(config: AppConfig, d: SouthData, exportUrl: (seed: string) => string): CardSample[] {
  const tz = config.timeZone;
  const withTeams = attendanceReport(d.members, d.answers, (id) => d.installs.get(id), d.deliveries, SOUTH_TEAMS);
  const waiting: TeamsAttendance = { id: SOUTH_TEAMS.id, state: 'waiting', attempts: 1, nextTryAt: '2025-05-23T11:30:00Z', attendees: [] };
  const policy: TeamsAttendance = {
    id: SOUTH_TEAMS.id,
    state: 'failed',
    attempts: 1,
    nextTryAt: '2025-05-23T11:30:00Z',
    problem: `Teams will not give the bot the attendance of meetings organised by ${MAILBOX}. A tenant admin must grant the app the OnlineMeetings.Read.All and OnlineMeetingArtifact.Read.All application permissions and, once, a Teams application access policy for ${MAILBOX} (New-CsApplicationAccessPolicy, then Grant-CsApplicationAccessPolicy; it can take up to 30 minutes to apply). See "Teams meetings and attendance" in the README.`,
    attendees: [],
  };
  const reportOf = (t: TeamsAttendance) => attendanceReport(d.members, d.answers, (id) => d.installs.get(id), d.deliveries, t);
  const status = (t: TeamsAttendance) => teamsAttendanceStatus(reportOf(t), t.attempts, t.fetchedAt, tz);
  const figures = sampleYear(config);
  const year = reportingYear(2024, tz);
  return [
    { name: 'attendance-teams', card: attendanceCard(d.south, withTeams, teamsAttendanceStatus(withTeams, SOUTH_TEAMS.attempts, SOUTH_TEAMS.fetchedAt, tz)) },
    { name: 'attendance-teams-waiting', card: attendanceCard(d.south, reportOf(waiting), status(waiting)) },
    { name: 'attendance-teams-policy-missing', card: attendanceCard(d.south, reportOf(policy), status(policy)) },
    {
      name: 'meeting-admin-invitation-failed',
      card: meetingAdminCard({
        meeting: d.south,
        memberCount: d.members.length,
        reachableCount: d.members.length - 1,
        replies: { attending: 3, apologies: 1, deputy: 1 },
        notice: { text: 'Scheduled and saved in the bot, but the Outlook invitation was not sent (see below). Members will be reminded 7 days and 1 day before, at 09:00.', tone: 'warning' },
        invitation: {
          text: `Outlook invitation not sent: The bot may not use the calendar of ${MAILBOX}. A tenant admin must grant the app the Calendars.ReadWrite application permission and include ${MAILBOX} in its Exchange application access policy (New-ApplicationAccessPolicy, or RBAC for Applications). See "Teams meetings and attendance" in the README. The meeting itself is saved in the bot.`,
          tone: 'attention',
          retry: true,
        },
      }),
    },
    {
      name: 'meetings-year',
      card: yearAttendanceCard({
        figures,
        years: [
          { startYear: 2025, label: '2025–26' },
          { startYear: 2024, label: year.label },
          { startYear: 2023, label: '2023–24' },
        ],
        span: '1 April 2024 to 31 March 2025',
        downloadUrl: exportUrl('lscg-attendance-2024-25'),
      }),
    },
    {
      name: 'meetings-year-empty',
      card: yearAttendanceCard({ figures: { year: reportingYear(2025, tz), meetingsHeld: 0, withTeamsReport: 0, byGroup: [], byOrganisation: [] }, years: [{ startYear: 2025, label: '2025–26' }], span: '1 April 2025 to 31 March 2026' }),
    },
  ];
}
