import type { RetentionConfig } from '../../config.js';
import { monthsBefore, removeAll, type RetentionSweep } from '../../retention/retention.js';
import type { Newsletter } from './newsletter.js';

/**
 * Counted from when an issue went out (a draft: when it was last saved). Message records go once
 * the issue can no longer reach anyone new (closed or recalled) and deliveryRecordsMonths have
 * passed; the issue with its answers goes after newslettersMonths.
 */
export function newsletterRetention(s: { kept: RetentionConfig; newsletter: Newsletter }): RetentionSweep {
  return {
    source: 'newsletter',
    async sweep(now) {
      const before = (months: number) => monthsBefore(now, months).toISOString();
      const out = { issues: 0, answers: 0, deliveries: 0 };
      for (const i of s.newsletter.all()) {
        const from = i.sentAt ?? i.updatedAt;
        if (from < before(s.kept.newslettersMonths)) {
          await s.newsletter.serially(async () => {
            out.answers += await removeAll(await s.newsletter.answers(i.id));
            out.deliveries += await s.newsletter.campaign.forgetDeliveries(i);
            await s.newsletter.remove(i.id);
          });
          out.issues++;
        } else if (i.status === 'closed' && from < before(s.kept.deliveryRecordsMonths)) {
          out.deliveries += await s.newsletter.campaign.forgetDeliveries(i);
        }
      }
      return out;
    },
  };
}
