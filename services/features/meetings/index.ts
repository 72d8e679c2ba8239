import { plugIn, type FeatureOpenDeps } from '../../shared-services.js';
import { MeetingReminders } from './meeting-reminders.js';
import { Meetings } from './meetings.js';
import { meetingsPersonalData } from './personal-data.js';
import { meetingsRetention } from './retention.js';
import { meetingsReplica } from './replica.js';
import { Rsvps } from './rsvp.js';

export interface MeetingServices {
  meetings: Meetings;
  rsvps: Rsvps;
  reminders: MeetingReminders;
}

/** LSCG meetings: what is scheduled, who replied, and the reminders the scheduler sends. */
export async function openMeetingServices(s: FeatureOpenDeps): Promise<MeetingServices> {
  const meetings = await Meetings.open(s.store, s.config, s.clock);
  const reminders = new MeetingReminders(meetings, s.people, s.queue, s.config.partnership.meetings.reminders, s.config.timeZone, s.clock, s.log);
  meetings.listen(reminders);
  const rsvps = new Rsvps(s.store, meetings, s.people, s.clock);
  plugIn(s, { due: reminders, personalData: meetingsPersonalData({ config: s.config, meetings, rsvps }), retention: meetingsRetention({ kept: s.config.partnership.retention, meetings, rsvps, queue: s.queue }), replica: meetingsReplica({ config: s.config, meetings, people: s.people }) });
  return { meetings, rsvps, reminders };
}
