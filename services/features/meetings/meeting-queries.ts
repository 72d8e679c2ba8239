import type { AppConfig } from '../../config.js';
import type { DeliveryQueue } from '../../delivery/delivery-queue.js';
import type { People } from '../../people/people.js';
import { attendanceReport, type AttendanceReport } from './attendance.js';
import { meetingCampaign } from './meeting-reminders.js';
import { meetingView, replyCountsLine, replyView, type MeetingView, type ReplyView } from './meeting-view.js';
import type { Meeting, Meetings } from './meetings.js';
import type { Rsvps } from './rsvp.js';
import type { MeetingInvitations } from './invitations.js';
import { nextTry, TeamsAttendanceFetch, type TeamsAttendance } from './teams-attendance.js';
import { UserFacingError } from '../../validation.js';
import { formatDayDate } from '../../zoned-time.js';
import type { Rsvp } from './rsvp.js';
import { reportingYear, reportingYearOf, yearFigures } from './yearly.js';

/** Read-only answers the cards need, assembled from several services. */

export interface MeetingQueryDeps {
  config: AppConfig;
  people: People;
  queue: DeliveryQueue;
  meetings: Meetings;
  rsvps: Rsvps;
  invitations?: MeetingInvitations;
  teamsAttendance?: TeamsAttendanceFetch;
}

/** What the business unit's card says of the Outlook invitation, and whether "Try the invitation again" is offered. */
export interface InvitationView {
  text: string;
  tone: 'good' | 'warning' | 'attention';
  retry: boolean;
}

const STEP_WORDS = { create: 'not sent', update: 'not updated', cancel: 'not cancelled' } as const;

export function invitationView(s: Pick<MeetingQueryDeps, 'invitations'>, meeting: Meeting): InvitationView | undefined {
  const inv = meeting.invitation;
  const mailbox = s.invitations?.mailbox ?? 'the meetings mailbox';
  if (!inv) {
    if (s.invitations && meeting.mode !== 'in-person' && meeting.joinUrl) return { text: 'This meeting has its own join link, so the bot sent no Outlook invitation: send one from the organiser\'s calendar.', tone: 'warning', retry: false };
    return undefined;
  }
  if (inv.state === 'failed') return { text: `Outlook invitation ${STEP_WORDS[inv.step ?? 'create']}: ${inv.problem ?? 'no reason was given.'} The meeting itself is saved in the bot.`, tone: 'attention', retry: !!s.invitations };
  if (meeting.status === 'cancelled') return { text: `The Outlook invitation from ${mailbox} was cancelled; Outlook told the members.`, tone: 'good', retry: false };
  if (inv.step === 'update') return { text: `Outlook invitation updated from ${mailbox}: Outlook sent every member the change, with the same Teams join link.`, tone: 'good', retry: false };
  return { text: `Outlook invitation sent from ${mailbox} to every member by email, with the Teams join link.`, tone: 'good', retry: false };
}

export function requireMeeting(s: MeetingQueryDeps, id: unknown): Meeting {
  const meeting = typeof id === 'string' && id ? s.meetings.get(id) : undefined;
  if (!meeting) throw new UserFacingError('That meeting no longer exists. Open the list of upcoming meetings to find it.', 'not-found');
  return meeting;
}

export async function meetingSummary(s: MeetingQueryDeps, meeting: Meeting) {
  const members = s.people.membersOf(s.meetings.audience(meeting));
  const answers = await s.rsvps.forMeeting(meeting.id);
  const replies = { attending: 0, apologies: 0, deputy: 0 };
  for (const a of answers) replies[a.response]++;
  return {
    meeting: meetingView(meeting, s.config),
    invitation: invitationView(s, meeting),
    memberCount: members.length,
    reachableCount: members.filter((p) => s.people.installationOf(p.id)?.status === 'installed').length,
    replies,
  };
}

export async function attendanceFor(s: MeetingQueryDeps, meeting: Meeting): Promise<AttendanceReport> {
  const members = s.people.membersOf(s.meetings.audience(meeting));
  const [answers, deliveries] = await Promise.all([s.rsvps.forMeeting(meeting.id), s.queue.records(meetingCampaign(meeting.id))]);
  return attendanceReport(members, answers, (id) => s.people.installationOf(id), deliveries, teamsAttendanceOf(s, meeting));
}

/** The bot's own Teams meetings have a report to come even before the first look: say when it will be. */
function teamsAttendanceOf(s: Pick<MeetingQueryDeps, 'teamsAttendance'>, meeting: Meeting): TeamsAttendance | undefined {
  if (!s.teamsAttendance || !TeamsAttendanceFetch.applies(meeting)) return undefined;
  return s.teamsAttendance.of(meeting.id) ?? { id: meeting.id, state: 'waiting', attempts: 0, nextTryAt: nextTry(meeting, 0)?.toISOString(), attendees: [] };
}

export async function remindedCount(s: MeetingQueryDeps, meeting: Meeting): Promise<number> {
  const records = await s.queue.records(meetingCampaign(meeting.id));
  return new Set(records.filter((d) => d.kind === 'meeting-reminder' && d.status === 'sent').map((d) => d.personId)).size;
}

export async function upcomingForAdmin(s: MeetingQueryDeps): Promise<Array<{ meeting: MeetingView; summary: string }>> {
  return Promise.all(
    s.meetings.upcoming().map(async (m) => {
      const sum = await meetingSummary(s, m);
      return { meeting: sum.meeting, summary: replyCountsLine(sum.replies, sum.memberCount) };
    }),
  );
}

/** How far back "Recent meetings" reaches, and how many it shows: long enough to fetch a late attendance report, short enough to read. */
export const RECENT_MEETING_DAYS = 90;
export const RECENT_MEETING_LIMIT = 10;

/**
 * Meetings that have started within the last 90 days, newest first: they leave the upcoming list
 * once they start, but their attendance card is still wanted after the meeting.
 */
export async function recentForAdmin(s: MeetingQueryDeps, now: Date): Promise<Array<{ meeting: MeetingView; summary: string }>> {
  const to = now.getTime();
  const from = to - RECENT_MEETING_DAYS * 86400_000;
  const recent = s.meetings
    .all()
    .filter((m) => m.status === 'scheduled')
    .filter((m) => {
      const t = Date.parse(m.startsAt);
      return t <= to && t >= from;
    })
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
    .slice(0, RECENT_MEETING_LIMIT);
  return Promise.all(
    recent.map(async (m) => {
      const sum = await meetingSummary(s, m);
      return { meeting: sum.meeting, summary: replyCountsLine(sum.replies, sum.memberCount) };
    }),
  );
}

export async function upcomingForPerson(s: MeetingQueryDeps, teamsUserId: string): Promise<Array<{ meeting: MeetingView; reply?: ReplyView }>> {
  const person = s.people.personFor(teamsUserId);
  if (!person) return [];
  return Promise.all(
    s.meetings.upcoming(person.groupIds).map(async (m) => ({ meeting: meetingView(m, s.config), reply: replyView(await s.rsvps.of(m.id, person.id), s.config) })),
  );
}

/** The yearly figures for the reporting year starting in `startYear` (default: the current one), and the years to pick from. */
export async function yearForAdmin(s: MeetingQueryDeps, now: Date, startYear?: number) {
  const tz = s.config.timeZone;
  const current = reportingYearOf(now, tz);
  const all = s.meetings.all();
  const first = all.reduce((y, m) => Math.min(y, reportingYearOf(new Date(m.startsAt), tz)), current);
  if (startYear !== undefined && (!Number.isInteger(startYear) || startYear < first || startYear > current)) {
    throw new UserFacingError(`Choose a reporting year from ${reportingYear(first, tz).label} to ${reportingYear(current, tz).label}.`);
  }
  const year = startYear ?? current;
  const answers = new Map<string, Rsvp[]>();
  const { from, to } = reportingYear(year, tz);
  for (const m of all) if (Date.parse(m.startsAt) >= from.getTime() && Date.parse(m.startsAt) < to.getTime()) answers.set(m.id, await s.rsvps.forMeeting(m.id));
  const figures = yearFigures({
    startYear: year,
    timeZone: tz,
    now,
    meetings: all,
    groups: s.config.partnership.groups.filter((g) => g.kind === 'lscg'),
    audience: (m) => s.meetings.audience(m),
    people: s.people.all(),
    answers: (id) => answers.get(id) ?? [],
    teams: (id) => s.teamsAttendance?.of(id),
  });
  const years = [];
  for (let y = current; y >= first; y--) years.push({ startYear: y, label: reportingYear(y, tz).label });
  const last = new Date(to.getTime() - 86400_000);
  return { figures, years, span: `${formatDayDate(from, tz).replace(/^\w+ /, '')} to ${formatDayDate(last, tz).replace(/^\w+ /, '')}` };
}
