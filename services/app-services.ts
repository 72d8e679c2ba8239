import type { Clock } from './clock.js';
import type { AppConfig } from './config.js';
import type { Transport } from './delivery/deliveries.js';
import { DeliveryQueue, type QueueTimers } from './delivery/delivery-queue.js';
import type { Logger } from './logger.js';
import { MeetingReminders } from './features/meetings/meeting-reminders.js';
import { Meetings } from './features/meetings/meetings.js';
import { People } from './people/people.js';
import { Jags } from './features/jags/jags.js';
import { Rsvps } from './features/meetings/rsvp.js';
import { Section11 } from './features/section11/section11.js';
import { Exports } from './exports.js';
import { Scheduler } from './scheduler.js';
import type { Store } from './store/store.js';

/** Everything the bot's handlers may call, opened once at start-up and passed down. */
export interface AppServices {
  config: AppConfig;
  clock: Clock;
  log: Logger;
  store: Store;
  people: People;
  meetings: Meetings;
  rsvps: Rsvps;
  queue: DeliveryQueue;
  reminders: MeetingReminders;
  section11: Section11;
  jags: Jags;
  scheduler: Scheduler;
  exports: Exports;
}

export async function openServices(opts: { config: AppConfig; store: Store; clock: Clock; log: Logger; transport: Transport; timers?: QueueTimers }): Promise<AppServices> {
  const { config, store, clock, log } = opts;
  const people = await People.open(store, config, clock);
  const meetings = await Meetings.open(store, config, clock);
  const queue = await DeliveryQueue.open({ store, transport: opts.transport, people, config: config.sending, clock, log, timers: opts.timers });
  const reminders = new MeetingReminders(meetings, people, queue, config.partnership.meetings.reminders, config.timeZone, clock, log);
  meetings.listen(reminders);
  const rsvps = new Rsvps(store, meetings, people, clock);
  const section11 = await Section11.open({ store, people, queue, config, clock, log });
  const jags = await Jags.open({ store, people, queue, config, clock, log });
  const scheduler = new Scheduler([reminders, section11, jags], log);
  return { config, clock, log, store, people, meetings, rsvps, queue, reminders, section11, jags, scheduler, exports: new Exports(clock) };
}
