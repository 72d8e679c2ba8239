import type { People } from '../../people/people.js';
import { UserFacingError } from '../../validation.js';
import type { Meeting, Meetings } from './meetings.js';

export const NOT_A_MEMBER = 'You are not on the list of members for this meeting. If you should be, ask the NSCP business unit to add you.';

export function isMeetingMember(meetings: Meetings, people: People, meeting: Meeting, teamsUserId: string): boolean {
  const person = people.personFor(teamsUserId);
  return !!person?.groupIds.some((g) => meetings.audience(meeting).includes(g));
}

/**
 * Refuses someone who is not in the meeting's groups. A meeting that does not exist is left to
 * the action, which says so in its own words.
 */
export function assertMeetingMember(meetings: Meetings, people: People, meetingId: unknown, teamsUserId: string): void {
  const meeting = typeof meetingId === 'string' && meetingId ? meetings.get(meetingId) : undefined;
  if (meeting && !isMeetingMember(meetings, people, meeting, teamsUserId)) throw new UserFacingError(NOT_A_MEMBER, 'forbidden');
}
