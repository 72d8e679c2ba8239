import { meetingListCard } from '../../../adaptive-cards/features/meetings/meeting-list.js';
import { meetingReminderCard } from '../../../adaptive-cards/features/meetings/meeting-reminder.js';
import { messageCard } from '../../../adaptive-cards/message.js';
import { requireMeeting, upcomingForPerson } from '../../../services/features/meetings/meeting-queries.js';
import { meetingView, replyView } from '../../../services/features/meetings/meeting-view.js';
import { assertMeetingMember } from '../../../services/features/meetings/membership.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { ANY_INSTALLED_USER, audienceMember, type CardActions } from '../../card-actions.js';
import type { MeetingDeps } from './deps.js';
import { MEETING_VERBS } from '../../../adaptive-cards/features/meetings/verbs.js';

export function registerRsvpHandlers(actions: CardActions, s: MeetingDeps): void {
  const shortName = s.config.partnership.partnership.shortName;
  const member = (data: Record<string, unknown>, teamsUserId: string) => assertMeetingMember(s.meetings, s.people, data.meetingId, teamsUserId);
  const meetingMember = audienceMember('meeting', (data, ctx) => member(data, ctx.actor.teamsUserId));
  // Business unit staff may open any meeting's card; members only their own.
  const meetingMemberOrBusinessUnit = audienceMember('meeting', (data, ctx) => (ctx.isBusinessUnit ? undefined : member(data, ctx.actor.teamsUserId)));

  actions.add(MEETING_VERBS.meetingRsvp, meetingMember,
    async (data, ctx) => {
      const { meeting, rsvp } = await s.rsvps.record(ctx.actor.teamsUserId, data);
      return meetingReminderCard({ meeting: meetingView(meeting, s.config), partnershipShortName: shortName, reply: replyView(rsvp, s.config) });
    },
    // The reminder stays on screen with the reason, and the deputy's name they typed.
    (e, data) => {
      const meeting = s.meetings.get(str(data, 'meetingId'));
      const message = e instanceof UserFacingError ? e.message : 'Your reply could not be saved just now. Please press the button again.';
      if (!meeting || (e instanceof UserFacingError && e.code === 'forbidden')) return messageCard('Reply not saved', message);
      return meetingReminderCard({ meeting: meetingView(meeting, s.config), partnershipShortName: shortName, error: message, deputyName: str(data, 'deputyName') || undefined });
    },
  );

  actions.add(MEETING_VERBS.meetingOpen, meetingMemberOrBusinessUnit, async (data, ctx) => {
    const meeting = requireMeeting(s, data.meetingId);
    const person = s.people.personFor(ctx.actor.teamsUserId);
    const rsvp = person ? await s.rsvps.of(meeting.id, person.id) : undefined;
    return meetingReminderCard({ meeting: meetingView(meeting, s.config), partnershipShortName: shortName, reply: replyView(rsvp, s.config) });
  });

  actions.add(MEETING_VERBS.myMeetings, ANY_INSTALLED_USER, async (_data, ctx) => meetingListCard(await upcomingForPerson(s, ctx.actor.teamsUserId), false));
}
