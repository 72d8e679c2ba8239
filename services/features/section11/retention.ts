import type { RetentionConfig } from '../../config.js';
import { monthsBefore, type RetentionSweep } from '../../retention/retention.js';
import type { Section11 } from './section11.js';

/**
 * Counted from the cycle's deadline. Message records go once the cycle is closed and
 * deliveryRecordsMonths have passed: while a cycle is open its prompts are what stop leads being
 * asked again. The cycle and its returns go after section11Months, closed or not.
 */
export function section11Retention(s: { kept: RetentionConfig; section11: Section11 }): RetentionSweep {
  return {
    source: 'section11',
    async sweep(now) {
      const before = (months: number) => monthsBefore(now, months).toISOString();
      const out = { cycles: 0, returns: 0, deliveries: 0 };
      for (const c of s.section11.allCycles()) {
        if (c.deadlineAt < before(s.kept.section11Months)) {
          const removed = await s.section11.removeCycle(c);
          out.cycles++;
          out.returns += removed.returns;
          out.deliveries += removed.deliveries;
        } else if (c.status === 'closed' && c.deadlineAt < before(s.kept.deliveryRecordsMonths)) {
          out.deliveries += await s.section11.campaign.forgetDeliveries(c);
        }
      }
      return out;
    },
  };
}
