import { held, type DataSubject, type PersonalData } from '../privacy/personal-data.js';
import type { DeliveryQueue } from './delivery-queue.js';

const WHAT = 'Messages the bot sent or queued to them (what kind, when, whether it arrived)';

/** The delivery queue's records of messages to one person: each names them by email. */
export function deliveriesPersonalData(queue: DeliveryQueue): PersonalData {
  return {
    source: 'deliveries',
    async describe(who: DataSubject) {
      return held({ what: WHAT, count: (await queue.recordsFor(who.email)).length, onErase: 'removed; any not yet sent are not sent' });
    },
    async export(who: DataSubject) {
      return (await queue.recordsFor(who.email))
        .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
        .map((d) => ({ campaign: d.campaign, kind: d.kind, status: d.status, queuedAt: d.queuedAt, sentAt: d.sentAt, attempts: d.attempts, lastError: d.lastError }));
    },
    async erase(who: DataSubject) {
      return held({ what: WHAT, count: await queue.forget(who.email), onErase: 'removed' });
    },
  };
}
