import { attendanceCard } from '../../../adaptive-cards/features/meetings/attendance.js';
import { meetingAdminCard, meetingCancelConfirmCard } from '../../../adaptive-cards/features/meetings/meeting-admin.js';
import { meetingFormCard, type MeetingFormInput } from '../../../adaptive-cards/features/meetings/meeting-form.js';
import { meetingListCard } from '../../../adaptive-cards/features/meetings/meeting-list.js';
import { reminderPlan, reminderSummary } from '../../../services/features/meetings/meeting-reminders.js';
import { attendanceFor, meetingSummary, recentForAdmin, remindedCount, requireMeeting, upcomingForAdmin, yearForAdmin } from '../../../services/features/meetings/meeting-queries.js';
import { meetingEndsAt } from '../../../services/features/meetings/invitations.js';
import { teamsAttendanceStatus } from '../../../services/features/meetings/teams-attendance.js';
import { yearCsv } from '../../../services/features/meetings/yearly.js';
import { yearAttendanceCard } from '../../../adaptive-cards/features/meetings/yearly.js';
import type { Meeting } from '../../../services/features/meetings/meetings.js';
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
    invitationsFrom: s.config.meetingInvitations?.mailbox,
    ...extra,
  };
}

const typedValues = (data: Record<string, unknown>) => Object.fromEntries(MEETING_FIELDS.map((f) => [f, str(data, f)])) as MeetingFormInput['values'];

export function registerMeetingHandlers(actions: CardActions, s: MeetingDeps): void {
  /** A failed save shows the form again with everything the person typed and what to fix. */
  const formAgain: ErrorCard = (e, data) => {
    const errors = e instanceof MeetingValidationError ? e.errors : { date: e instanceof UserFacingError ? e.message : 'The meeting could not be saved just now. Nothing was changed; please press the button again.' };
    const meetingId = str(data, 'meetingId') || undefined;
    const editing = meetingId ? s.meetings.get(meetingId) : undefined;
    return meetingFormCard(formInput(s, typedValues(data), { errors, meetingId, botJoinUrl: editing?.invitation?.eventId ? editing.joinUrl : undefined }));
  };

  actions.add(MEETING_VERBS.meetingNewForm, BUSINESS_UNIT, async () => meetingFormCard(formInput(s, {})));

  actions.add(MEETING_VERBS.meetingEditForm, BUSINESS_UNIT, async (data) => {
    const meeting = s.meetings.openMeeting(str(data, 'meetingId'));
    const v = meetingView(meeting, s.config);
    const botJoinUrl = meeting.invitation?.eventId ? meeting.joinUrl : undefined;
    return meetingFormCard(formInput(s, { groupId: v.groupId, date: v.date, time: v.time, mode: v.mode, joinUrl: botJoinUrl ? undefined : v.joinUrl, venue: v.venue, agenda: v.agenda.join('\n') }, { meetingId: meeting.id, botJoinUrl }));
  });

  actions.add(MEETING_VERBS.meetingSchedule, BUSINESS_UNIT,
    async (data, ctx) => {
      const meeting = await s.meetings.schedule(data, ctx.actor.aadObjectId ?? ctx.actor.teamsUserId);
      const sum = await meetingSummary(s, meeting);
      const reminded = reminderPlan(meeting, s.config.partnership.meetings.reminders, s.clock.now(), s.config.timeZone);
      if (meeting.invitation?.state === 'failed') return meetingAdminCard({ ...sum, notice: { text: `Scheduled and saved in the bot, but the Outlook invitation was not sent (see below). ${reminded}`, tone: 'warning' } });
      return meetingAdminCard({ ...sum, notice: { text: `Scheduled. ${reminded}`, tone: 'good' } });
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
    const invitedFrom = meeting.invitation?.eventId ? s.invitations?.mailbox : undefined;
    return meetingCancelConfirmCard(meetingView(meeting, s.config), await remindedCount(s, meeting), invitedFrom);
  });

  actions.add(MEETING_VERBS.meetingCancel, BUSINESS_UNIT, async (data) => {
    const meeting = await s.meetings.cancel(str(data, 'meetingId'));
    return meetingAdminCard({ ...(await meetingSummary(s, meeting)), notice: { text: 'Cancelled. Members who were reminded are being told.', tone: 'warning' } });
  });

  actions.add(MEETING_VERBS.meetingAdmin, BUSINESS_UNIT, async (data) => meetingAdminCard(await meetingSummary(s, requireMeeting(s, data.meetingId))));

  actions.add(MEETING_VERBS.meetingsUpcoming, BUSINESS_UNIT, async () => meetingListCard(await upcomingForAdmin(s), true, await recentForAdmin(s, s.clock.now())));

  const attendance = async (meeting: Meeting) => {
    const report = await attendanceFor(s, meeting);
    const seen = s.teamsAttendance?.of(meeting.id);
    return attendanceCard(meetingView(meeting, s.config), report, teamsAttendanceStatus(report, seen?.attempts ?? 0, seen?.fetchedAt, s.config.timeZone));
  };

  actions.add(MEETING_VERBS.meetingAttendance, BUSINESS_UNIT, async (data) => attendance(requireMeeting(s, data.meetingId)));

  actions.add(MEETING_VERBS.meetingAttendanceFetch, BUSINESS_UNIT, async (data) => {
    const meeting = requireMeeting(s, data.meetingId);
    if (!s.teamsAttendance) throw new UserFacingError('Attendance from Teams is off: MEETINGS_MAILBOX is not set in the bot\'s settings.', 'closed');
    if (!meeting.invitation?.eventId || !meeting.joinUrl || meeting.status !== 'scheduled') throw new UserFacingError('Attendance comes from Teams only for meetings the bot created as Teams meetings.', 'closed');
    if (meetingEndsAt(meeting).getTime() > s.clock.now().getTime()) throw new UserFacingError('The meeting has not ended yet: Teams makes the attendance report when it ends.', 'closed');
    await s.teamsAttendance.fetch(meeting);
    return attendance(meeting);
  });

  actions.add(MEETING_VERBS.meetingInvitationRetry, BUSINESS_UNIT, async (data) => {
    const meeting = await s.meetings.retryInvitation(str(data, 'meetingId'));
    const sum = await meetingSummary(s, meeting);
    const ok = meeting.invitation?.state !== 'failed';
    return meetingAdminCard({ ...sum, notice: ok ? { text: 'The invitation went through this time.', tone: 'good' } : { text: 'The invitation failed again. Put right what the message below says, then try again.', tone: 'warning' } });
  });

  actions.add(MEETING_VERBS.meetingsYear, BUSINESS_UNIT, async (data) => {
    const raw = str(data, 'year');
    const { figures, years, span } = await yearForAdmin(s, s.clock.now(), raw ? Number(raw) : undefined);
    const file = yearCsv(figures);
    return yearAttendanceCard({ figures, years, span, downloadUrl: `${s.config.publicBaseUrl}/exports/${s.exports.create(file.filename, file.content)}` });
  });
}
