import { meetingCancelledCard, meetingChangedCard } from '../../../adaptive-cards/features/meetings/meeting-notice.js';
import { meetingReminderCard } from '../../../adaptive-cards/features/meetings/meeting-reminder.js';
import type { Delivery } from '../../../services/delivery/deliveries.js';
import { meetingView, relativeDayLabel, replyView } from '../../../services/features/meetings/meeting-view.js';
import { formatDayDate } from '../../../services/zoned-time.js';
import type { DeliveryRenderer, RenderedDelivery } from '../../feature.js';
import type { MeetingDeps } from './deps.js';

/** The reminder, update and notice cards, built at send time so they show the meeting as it is then. */
export function meetingDeliveries(s: MeetingDeps): Record<string, DeliveryRenderer> {
  const shortName = s.config.partnership.partnership.shortName;
  const load = (d: Delivery) => {
    const meeting = s.meetings.get(d.subjectId);
    if (!meeting) throw new Error(`meeting ${d.subjectId} not found for delivery`);
    const view = meetingView(meeting, s.config);
    return { meeting, view, summary: `${view.groupName}: ${view.when}` };
  };
  const reminder = async (d: Delivery): Promise<RenderedDelivery> => {
    const { meeting, view, summary } = load(d);
    const reply = replyView(await s.rsvps.of(meeting.id, d.personId), s.config);
    return {
      card: meetingReminderCard({
        meeting: view,
        partnershipShortName: shortName,
        reply,
        dueLabel: view.cancelled ? undefined : relativeDayLabel(new Date(meeting.startsAt), s.clock.now(), s.config.timeZone),
        changedNote: d.kind === 'meeting-update' && !view.cancelled ? `Updated on ${formatDayDate(new Date(meeting.updatedAt), s.config.timeZone)}: check the details below.` : undefined,
      }),
      summary: `Reminder: ${summary}`,
    };
  };
  return {
    'meeting-reminder': reminder,
    'meeting-update': reminder,
    'meeting-changed': async (d) => {
      const { meeting, view, summary } = load(d);
      return { card: meetingChangedCard(view, !!(await s.rsvps.of(meeting.id, d.personId))), summary: `Changed: ${summary}` };
    },
    'meeting-cancelled': async (d) => {
      const { view, summary } = load(d);
      return { card: meetingCancelledCard(view), summary: `Cancelled: ${summary}` };
    },
  };
}
