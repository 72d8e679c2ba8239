import type { SharedServices } from '../../shared-services.js';
import { Newsletter } from './newsletter.js';
import { newsletterPersonalData } from './personal-data.js';

/** Opens newsletters; scheduled sends, late joiners and the reminder run on the scheduler. */
export async function openNewsletterServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler' | 'privacy'>) {
  const newsletter = await Newsletter.open(s);
  s.scheduler.add(newsletter);
  s.privacy.add(newsletterPersonalData({ newsletter }));
  return { newsletter };
}

export type NewsletterServices = Awaited<ReturnType<typeof openNewsletterServices>>;
