import type { RetentionConfig } from '../../config.js';
import { monthsBefore, type RetentionSweep } from '../../retention/retention.js';
import type { Jags } from './jags.js';

/**
 * Sessions count from their date; once closed long enough, who was asked and who answered goes
 * first (it only stopped reminders), then the session with its participants and anonymous
 * feedback. A request goes after jagsRequestsMonths from the date received, once no session
 * refers to it.
 */
export function jagsRetention(s: { kept: RetentionConfig; jags: Jags }): RetentionSweep {
  return {
    source: 'jags',
    async sweep(now) {
      const before = (months: number) => monthsBefore(now, months).toISOString();
      const out = { sessions: 0, feedback: 0, responded: 0, deliveries: 0, requests: 0 };
      const add = (n: Partial<typeof out>) => {
        for (const [k, v] of Object.entries(n) as Array<[keyof typeof out, number]>) out[k] += v;
      };
      for (const session of s.jags.allSessions()) {
        if (session.startsAt < before(s.kept.jagsSessionsMonths)) {
          add(await s.jags.removeSession(session));
          out.sessions++;
        } else if (session.status === 'closed' && session.closedAt && session.closedAt < before(s.kept.deliveryRecordsMonths)) {
          add(await s.jags.forgetWhoWasAsked(session));
        }
      }
      const cutoff = before(s.kept.jagsRequestsMonths).slice(0, 10);
      for (const r of s.jags.allRequests()) if (r.receivedOn < cutoff && (await s.jags.removeRequest(r.id))) out.requests++;
      return out;
    },
  };
}
