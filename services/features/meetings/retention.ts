import type { RetentionConfig } from '../../config.js';
import type { DeliveryQueue } from '../../delivery/delivery-queue.js';
import { monthsBefore, type RetentionSweep } from '../../retention/retention.js';
import { meetingCampaign } from './meeting-reminders.js';
import type { Meetings } from './meetings.js';
import type { Rsvps } from './rsvp.js';
import type { TeamsAttendanceFetch } from './teams-attendance.js';

/**
 * Counted from the meeting's date: its message records go first, then its RSVPs, then the
 * meeting with anything left of it. Only meetings that have taken place are ever touched.
 */
export function meetingsRetention(s: { kept: RetentionConfig; meetings: Meetings; rsvps: Rsvps; queue: DeliveryQueue; teamsAttendance?: TeamsAttendanceFetch }): RetentionSweep {
  return {
    source: 'meetings',
    async sweep(now) {
      const before = (months: number) => monthsBefore(now, months).toISOString();
      const out = { meetings: 0, rsvps: 0, deliveries: 0 };
      for (const m of s.meetings.all()) {
        if (m.startsAt < before(s.kept.deliveryRecordsMonths)) out.deliveries += await s.queue.dropCampaign(meetingCampaign(m.id));
        // Who joined in Teams is kept as long as who replied: the two are read together.
        if (m.startsAt < before(s.kept.rsvpsMonths)) out.rsvps += (await s.rsvps.removeMeeting(m.id)) + ((await s.teamsAttendance?.remove(m.id)) ?? 0);
        if (m.startsAt < before(s.kept.meetingsMonths)) {
          await s.meetings.remove(m.id);
          out.meetings++;
        }
      }
      return out;
    },
  };
}
