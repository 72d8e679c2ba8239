import type { Application, TurnState } from '@microsoft/teams-ai';
import { attendanceCard } from '../../../adaptive-cards/features/meetings/attendance.js';
import { meetingAdminCard, meetingCancelConfirmCard } from '../../../adaptive-cards/features/meetings/meeting-admin.js';
import { meetingFormCard, type MeetingFormInput } from '../../../adaptive-cards/features/meetings/meeting-form.js';
import { meetingListCard } from '../../../adaptive-cards/features/meetings/meeting-list.js';
import { VERBS } from '../../../adaptive-cards/verbs.js';
import type { AppServices } from '../../../services/app-services.js';
import { reminderSummary } from '../../../services/features/meetings/meeting-reminders.js';
import { attendanceFor, meetingSummary, remindedCount, requireMeeting, upcomingForAdmin } from '../../../services/features/meetings/meeting-queries.js';
import { meetingView } from '../../../services/features/meetings/meeting-view.js';
import { MEETING_FIELDS, MEETING_MODES, MeetingValidationError } from '../../../services/features/meetings/meetings.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { zonedParts } from '../../../services/zoned-time.js';
import { onCardAction, type ErrorCard } from '../../card-action.js';

function formInput(s: AppServices, values: MeetingFormInput['values'], extra: Partial<MeetingFormInput> = {}): MeetingFormInput {
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

/** A failed save shows the form again with everything the person typed and what to fix. */
const formAgain: ErrorCard = (e, data, ctx) => {
  const errors = e instanceof MeetingValidationError ? e.errors : { date: e instanceof UserFacingError ? e.message : 'The meeting could not be saved just now. Nothing was changed; please press the button again.' };
  const meetingId = str(data, 'meetingId') || undefined;
  return meetingFormCard(formInput(ctx.services, typedValues(data), { errors, meetingId }));
};

export function registerMeetingHandlers(app: Application<TurnState>, s: AppServices): void {
  onCardAction(app, s, VERBS.meetingNewForm, async () => meetingFormCard(formInput(s, {})));

  onCardAction(app, s, VERBS.meetingEditForm, async (data) => {
    const meeting = s.meetings.openMeeting(str(data, 'meetingId'));
    const v = meetingView(meeting, s.config);
    return meetingFormCard(formInput(s, { groupId: v.groupId, date: v.date, time: v.time, mode: v.mode, joinUrl: v.joinUrl, venue: v.venue, agenda: v.agenda.join('\n') }, { meetingId: meeting.id }));
  });

  onCardAction(
    app,
    s,
    VERBS.meetingSchedule,
    async (data, ctx) => {
      const meeting = await s.meetings.schedule(data, ctx.actor.aadObjectId ?? ctx.actor.teamsUserId);
      const sum = await meetingSummary(s, meeting);
      return meetingAdminCard({ ...sum, notice: { text: `Scheduled. Members will be reminded ${reminderSummary(s.config.partnership.meetings.reminders)}.`, tone: 'good' } });
    },
    formAgain,
  );

  onCardAction(
    app,
    s,
    VERBS.meetingEdit,
    async (data) => {
      const meeting = await s.meetings.edit(str(data, 'meetingId'), data);
      const sum = await meetingSummary(s, meeting);
      return meetingAdminCard({ ...sum, notice: { text: 'Saved. Members who were reminded will see the change.', tone: 'good' } });
    },
    formAgain,
  );

  onCardAction(app, s, VERBS.meetingCancelAsk, async (data) => {
    const meeting = s.meetings.openMeeting(str(data, 'meetingId'));
    return meetingCancelConfirmCard(meetingView(meeting, s.config), await remindedCount(s, meeting));
  });

  onCardAction(app, s, VERBS.meetingCancel, async (data) => {
    const meeting = await s.meetings.cancel(str(data, 'meetingId'));
    return meetingAdminCard({ ...(await meetingSummary(s, meeting)), notice: { text: 'Cancelled. Members who were reminded are being told.', tone: 'warning' } });
  });

  onCardAction(app, s, VERBS.meetingAdmin, async (data) => meetingAdminCard(await meetingSummary(s, requireMeeting(s, data.meetingId))));

  onCardAction(app, s, VERBS.meetingsUpcoming, async () => meetingListCard(await upcomingForAdmin(s), true));

  onCardAction(app, s, VERBS.meetingAttendance, async (data) => {
    const meeting = requireMeeting(s, data.meetingId);
    return attendanceCard(meetingView(meeting, s.config), await attendanceFor(s, meeting));
  });
}
