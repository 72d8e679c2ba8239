import type { Activity } from 'botbuilder';
import { meetingReminderCard } from '../adaptive-cards/meeting-reminder.js';
import { meetingCancelledCard, meetingChangedCard } from '../adaptive-cards/meeting-notice.js';
import type { AppServices } from '../services/app-services.js';
import type { Delivery } from '../services/deliveries.js';
import { meetingView, relativeDayLabel, replyView } from '../services/meeting-view.js';
import { formatDayDate } from '../services/zoned-time.js';
import { cardActivity } from './send-card.js';

/** The message a delivery carries, built when it is sent so it shows the meeting as it is then. */
export async function deliveryActivity(s: AppServices, d: Delivery): Promise<Partial<Activity>> {
  const meeting = s.meetings.get(d.subjectId);
  if (!meeting) throw new Error(`meeting ${d.subjectId} not found for delivery`);
  const view = meetingView(meeting, s.config);
  const shortName = s.config.partnership.partnership.shortName;
  const summary = `${view.groupName}: ${view.when}`;
  switch (d.kind) {
    case 'meeting-reminder':
    case 'meeting-update': {
      const reply = replyView(await s.rsvps.of(meeting.id, d.personId), s.config);
      const now = s.clock.now();
      return cardActivity(
        meetingReminderCard({
          meeting: view,
          partnershipShortName: shortName,
          reply,
          dueLabel: view.cancelled ? undefined : relativeDayLabel(new Date(meeting.startsAt), now, s.config.timeZone),
          changedNote: d.kind === 'meeting-update' && !view.cancelled ? `Updated on ${formatDayDate(new Date(meeting.updatedAt), s.config.timeZone)}: check the details below.` : undefined,
        }),
        `Reminder: ${summary}`,
      );
    }
    case 'meeting-changed':
      return cardActivity(meetingChangedCard(view), `Changed: ${summary}`);
    case 'meeting-cancelled':
      return cardActivity(meetingCancelledCard(view), `Cancelled: ${summary}`);
  }
}
