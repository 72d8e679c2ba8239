/** LSCG meetings: the business unit's scheduling and attendance, members' replies. */
export const MEETING_VERBS = {
  meetingNewForm: 'meeting.form.new',
  meetingEditForm: 'meeting.form.edit',
  meetingSchedule: 'meeting.schedule',
  meetingEdit: 'meeting.edit',
  meetingCancelAsk: 'meeting.cancel.ask',
  meetingCancel: 'meeting.cancel',
  meetingsUpcoming: 'meetings.upcoming',
  meetingAdmin: 'meeting.admin',
  meetingAttendance: 'meeting.attendance',
  myMeetings: 'meetings.mine',
  meetingOpen: 'meeting.open',
  meetingRsvp: 'meeting.rsvp',
  meetingInvitationRetry: 'meeting.invitation.retry',
  meetingAttendanceFetch: 'meeting.attendance.fetch',
  meetingsYear: 'meetings.year',
} as const;
