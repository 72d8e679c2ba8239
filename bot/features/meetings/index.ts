import { meetingListCard } from '../../../adaptive-cards/features/meetings/meeting-list.js';
import { MEETING_VERBS } from '../../../adaptive-cards/features/meetings/verbs.js';
import { openMeetingServices } from '../../../services/features/meetings/index.js';
import { upcomingForPerson } from '../../../services/features/meetings/meeting-queries.js';
import { featureOf } from '../../feature.js';
import { meetingDeliveries } from './deliveries.js';
import { registerMeetingHandlers } from './meetings.js';
import { registerRsvpHandlers } from './rsvp.js';

/** LSCG meetings: scheduling, reminders with RSVP, attendance. */
export const meetingsFeature = featureOf(openMeetingServices, (s) => ({
  name: 'meetings',
  registerActions(actions) {
    registerMeetingHandlers(actions, s);
    registerRsvpHandlers(actions, s);
  },
  deliveries: meetingDeliveries(s),
  menu({ person }) {
    const upcoming = person ? s.meetings.upcoming(person.groupIds).length : 0;
    return {
      mine: [{ title: upcoming ? `My upcoming meetings (${upcoming})` : 'My upcoming meetings', verb: MEETING_VERBS.myMeetings }],
      admin: [
        { title: 'Schedule a meeting', verb: MEETING_VERBS.meetingNewForm },
        { title: 'LSCG meetings', verb: MEETING_VERBS.meetingsUpcoming },
      ],
    };
  },
  commands: [{ pattern: /^\s*(my\s+)?meetings\s*$/i, reply: async (actor) => meetingListCard(await upcomingForPerson(s, actor.teamsUserId), false) }],
}));
