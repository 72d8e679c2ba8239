import type { SharedServices } from '../../shared-services.js';
import { Newsletter } from './newsletter.js';
import { newsletterPersonalData } from './personal-data.js';
import { newsletterRetention } from './retention.js';

/** Opens newsletters; scheduled sends, late joiners and the reminder run on the scheduler. */
export async function openNewsletterServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'teams' | 'queue' | 'scheduler' | 'privacy' | 'retention'>) {
  const newsletter = await Newsletter.open(s);
  s.scheduler.add(newsletter);
  s.privacy.add(newsletterPersonalData({ newsletter }));
  s.retention.add(newsletterRetention({ kept: s.config.partnership.retention, newsletter }));
  return { newsletter };
}

export type NewsletterServices = Awaited<ReturnType<typeof openNewsletterServices>>;
