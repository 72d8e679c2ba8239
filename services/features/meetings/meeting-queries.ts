import type { AppConfig } from '../../config.js';
import type { DeliveryQueue } from '../../delivery/delivery-queue.js';
import type { People } from '../../people/people.js';
import { attendanceReport, type AttendanceReport } from './attendance.js';
import { meetingCampaign } from './meeting-reminders.js';
import { meetingView, replyCountsLine, replyView, type MeetingView, type ReplyView } from './meeting-view.js';
import type { Meeting, Meetings } from './meetings.js';
import type { Rsvps } from './rsvp.js';
import { UserFacingError } from '../../validation.js';

/** Read-only answers the cards need, assembled from several services. */

export interface MeetingQueryDeps {
  config: AppConfig;
  people: People;
  queue: DeliveryQueue;
  meetings: Meetings;
  rsvps: Rsvps;
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
    memberCount: members.length,
    reachableCount: members.filter((p) => s.people.installationOf(p.id)?.status === 'installed').length,
    replies,
  };
}

export async function attendanceFor(s: MeetingQueryDeps, meeting: Meeting): Promise<AttendanceReport> {
  const members = s.people.membersOf(s.meetings.audience(meeting));
  const [answers, deliveries] = await Promise.all([s.rsvps.forMeeting(meeting.id), s.queue.records(meetingCampaign(meeting.id))]);
  return attendanceReport(members, answers, (id) => s.people.installationOf(id), deliveries);
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

export async function upcomingForPerson(s: MeetingQueryDeps, teamsUserId: string): Promise<Array<{ meeting: MeetingView; reply?: ReplyView }>> {
  const person = s.people.personFor(teamsUserId);
  if (!person) return [];
  return Promise.all(
    s.meetings.upcoming(person.groupIds).map(async (m) => ({ meeting: meetingView(m, s.config), reply: replyView(await s.rsvps.of(m.id, person.id), s.config) })),
  );
}
