import type { SharedServices } from '../../shared-services.js';
import { MeetingReminders } from './meeting-reminders.js';
import { Meetings } from './meetings.js';
import { meetingsPersonalData } from './personal-data.js';
import { meetingsRetention } from './retention.js';
import { Rsvps } from './rsvp.js';

export interface MeetingServices {
  meetings: Meetings;
  rsvps: Rsvps;
  reminders: MeetingReminders;
}

/** LSCG meetings: what is scheduled, who replied, and the reminders the scheduler sends. */
export async function openMeetingServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler' | 'privacy' | 'retention'>): Promise<MeetingServices> {
  const meetings = await Meetings.open(s.store, s.config, s.clock);
  const reminders = new MeetingReminders(meetings, s.people, s.queue, s.config.partnership.meetings.reminders, s.config.timeZone, s.clock, s.log);
  meetings.listen(reminders);
  s.scheduler.add(reminders);
  const rsvps = new Rsvps(s.store, meetings, s.people, s.clock);
  s.privacy.add(meetingsPersonalData({ config: s.config, meetings, rsvps }));
  s.retention.add(meetingsRetention({ kept: s.config.partnership.retention, meetings, rsvps, queue: s.queue }));
  return { meetings, rsvps, reminders };
}
