import { attendanceCard } from '../../../adaptive-cards/features/meetings/attendance.js';
import { meetingAdminCard, meetingCancelConfirmCard } from '../../../adaptive-cards/features/meetings/meeting-admin.js';
import { meetingFormCard, type MeetingFormInput } from '../../../adaptive-cards/features/meetings/meeting-form.js';
import { meetingListCard } from '../../../adaptive-cards/features/meetings/meeting-list.js';
import { reminderSummary } from '../../../services/features/meetings/meeting-reminders.js';
import { attendanceFor, meetingSummary, remindedCount, requireMeeting, upcomingForAdmin } from '../../../services/features/meetings/meeting-queries.js';
import { meetingView } from '../../../services/features/meetings/meeting-view.js';
import { MEETING_FIELDS, MEETING_MODES, MeetingValidationError } from '../../../services/features/meetings/meetings.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { zonedParts } from '../../../services/zoned-time.js';
import { BUSINESS_UNIT, type CardActions, type ErrorCard } from '../../card-actions.js';
import type { MeetingDeps } from './deps.js';
import { MEETING_VERBS } from '../../../adaptive-cards/features/meetings/verbs.js';

function formInput(s: Pick<MeetingDeps, 'config' | 'clock'>, values: MeetingFormInput['values'], extra: Partial<MeetingFormInput> = {}): MeetingFormInput {
  return {
    groups: s.config.partnership.groups.filter((g) => g.kind === 'lscg'),
    modes: MEETING_MODES,
    values,
    today: zonedParts(s.clock.now(), s.config.timeZone).date,
    maxAgendaItems: s.config.partnership.meetings.maxAgendaItems,
    reminderSummary: reminderSummary(s.config.partnership.meetings.reminders),
    ...extra,
  };
}

const typedValues = (data: Record<string, unknown>) => Object.fromEntries(MEETING_FIELDS.map((f) => [f, str(data, f)])) as MeetingFormInput['values'];

export function registerMeetingHandlers(actions: CardActions, s: MeetingDeps): void {
  /** A failed save shows the form again with everything the person typed and what to fix. */
  const formAgain: ErrorCard = (e, data) => {
    const errors = e instanceof MeetingValidationError ? e.errors : { date: e instanceof UserFacingError ? e.message : 'The meeting could not be saved just now. Nothing was changed; please press the button again.' };
    const meetingId = str(data, 'meetingId') || undefined;
    return meetingFormCard(formInput(s, typedValues(data), { errors, meetingId }));
  };

  actions.add(MEETING_VERBS.meetingNewForm, BUSINESS_UNIT, async () => meetingFormCard(formInput(s, {})));

  actions.add(MEETING_VERBS.meetingEditForm, BUSINESS_UNIT, async (data) => {
    const meeting = s.meetings.openMeeting(str(data, 'meetingId'));
    const v = meetingView(meeting, s.config);
    return meetingFormCard(formInput(s, { groupId: v.groupId, date: v.date, time: v.time, mode: v.mode, joinUrl: v.joinUrl, venue: v.venue, agenda: v.agenda.join('\n') }, { meetingId: meeting.id }));
  });

  actions.add(MEETING_VERBS.meetingSchedule, BUSINESS_UNIT,
    async (data, ctx) => {
      const meeting = await s.meetings.schedule(data, ctx.actor.aadObjectId ?? ctx.actor.teamsUserId);
      const sum = await meetingSummary(s, meeting);
      return meetingAdminCard({ ...sum, notice: { text: `Scheduled. Members will be reminded ${reminderSummary(s.config.partnership.meetings.reminders)}.`, tone: 'good' } });
    },
    formAgain,
  );

  actions.add(MEETING_VERBS.meetingEdit, BUSINESS_UNIT,
    async (data) => {
      const meeting = await s.meetings.edit(str(data, 'meetingId'), data);
      const sum = await meetingSummary(s, meeting);
      return meetingAdminCard({ ...sum, notice: { text: 'Saved. Members who were reminded will see the change.', tone: 'good' } });
    },
    formAgain,
  );

  actions.add(MEETING_VERBS.meetingCancelAsk, BUSINESS_UNIT, async (data) => {
    const meeting = s.meetings.openMeeting(str(data, 'meetingId'));
    return meetingCancelConfirmCard(meetingView(meeting, s.config), await remindedCount(s, meeting));
  });

  actions.add(MEETING_VERBS.meetingCancel, BUSINESS_UNIT, async (data) => {
    const meeting = await s.meetings.cancel(str(data, 'meetingId'));
    return meetingAdminCard({ ...(await meetingSummary(s, meeting)), notice: { text: 'Cancelled. Members who were reminded are being told.', tone: 'warning' } });
  });

  actions.add(MEETING_VERBS.meetingAdmin, BUSINESS_UNIT, async (data) => meetingAdminCard(await meetingSummary(s, requireMeeting(s, data.meetingId))));

  actions.add(MEETING_VERBS.meetingsUpcoming, BUSINESS_UNIT, async () => meetingListCard(await upcomingForAdmin(s), true));

  actions.add(MEETING_VERBS.meetingAttendance, BUSINESS_UNIT, async (data) => {
    const meeting = requireMeeting(s, data.meetingId);
    return attendanceCard(meetingView(meeting, s.config), await attendanceFor(s, meeting));
  });
}
