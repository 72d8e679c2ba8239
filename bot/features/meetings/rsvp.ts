import type { Application, TurnState } from '@microsoft/teams-ai';
import { meetingListCard } from '../../../adaptive-cards/features/meetings/meeting-list.js';
import { meetingReminderCard } from '../../../adaptive-cards/features/meetings/meeting-reminder.js';
import { messageCard } from '../../../adaptive-cards/message.js';
import { VERBS } from '../../../adaptive-cards/verbs.js';
import type { AppServices } from '../../../services/app-services.js';
import { requireMeeting, upcomingForPerson } from '../../../services/features/meetings/meeting-queries.js';
import { meetingView, replyView } from '../../../services/features/meetings/meeting-view.js';
import { str, UserFacingError } from '../../../services/validation.js';
import { onCardAction } from '../../card-action.js';

export function registerRsvpHandlers(app: Application<TurnState>, s: AppServices): void {
  const shortName = s.config.partnership.partnership.shortName;

  onCardAction(
    app,
    s,
    VERBS.meetingRsvp,
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

  onCardAction(app, s, VERBS.meetingOpen, async (data, ctx) => {
    const meeting = requireMeeting(s, data.meetingId);
    const person = s.people.personFor(ctx.actor.teamsUserId);
    if (!ctx.isBusinessUnit && !person?.groupIds.some((g) => s.meetings.audience(meeting).includes(g))) {
      throw new UserFacingError('You are not on the list of members for this meeting. If you should be, ask the NSCP business unit to add you.', 'forbidden');
    }
    const rsvp = person ? await s.rsvps.of(meeting.id, person.id) : undefined;
    return meetingReminderCard({ meeting: meetingView(meeting, s.config), partnershipShortName: shortName, reply: replyView(rsvp, s.config) });
  });

  onCardAction(app, s, VERBS.myMeetings, async (_data, ctx) => meetingListCard(await upcomingForPerson(s, ctx.actor.teamsUserId), false));
}
