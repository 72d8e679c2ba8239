import type { SharedServices } from '../../shared-services.js';
import { MeetingReminders } from './meeting-reminders.js';
import { Meetings } from './meetings.js';
import { Rsvps } from './rsvp.js';

export interface MeetingServices {
  meetings: Meetings;
  rsvps: Rsvps;
  reminders: MeetingReminders;
}

/** LSCG meetings: what is scheduled, who replied, and the reminders the scheduler sends. */
export async function openMeetingServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler'>): Promise<MeetingServices> {
  const meetings = await Meetings.open(s.store, s.config, s.clock);
  const reminders = new MeetingReminders(meetings, s.people, s.queue, s.config.partnership.meetings.reminders, s.config.timeZone, s.clock, s.log);
  meetings.listen(reminders);
  s.scheduler.add(reminders);
  return { meetings, rsvps: new Rsvps(s.store, meetings, s.people, s.clock), reminders };
}
