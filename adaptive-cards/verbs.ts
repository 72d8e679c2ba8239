/**
 * Every Action.Execute verb, shared by the card that carries it and the handler that answers
 * it. To find the code behind a button: its verb here → bot/handlers → services.
 */
export const VERBS = {
  menu: 'menu.show',
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
  rosterForm: 'roster.form',
  rosterPreview: 'roster.preview',
  rosterApply: 'roster.apply',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

/** Verbs only business unit staff may use; checked on the server whatever the card showed. */
export const ADMIN_VERBS: ReadonlySet<Verb> = new Set<Verb>([
  VERBS.meetingNewForm,
  VERBS.meetingEditForm,
  VERBS.meetingSchedule,
  VERBS.meetingEdit,
  VERBS.meetingCancelAsk,
  VERBS.meetingCancel,
  VERBS.meetingsUpcoming,
  VERBS.meetingAdmin,
  VERBS.meetingAttendance,
  VERBS.rosterForm,
  VERBS.rosterPreview,
  VERBS.rosterApply,
]);

export const ALL_VERBS: ReadonlySet<string> = new Set(Object.values(VERBS));
