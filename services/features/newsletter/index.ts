import type { SharedServices } from '../../shared-services.js';
import { Newsletter } from './newsletter.js';

/** Opens newsletters; scheduled sends, late joiners and the reminder run on the scheduler. */
export async function openNewsletterServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler'>) {
  const newsletter = await Newsletter.open(s);
  s.scheduler.add(newsletter);
  return { newsletter };
}

export type NewsletterServices = Awaited<ReturnType<typeof openNewsletterServices>>;
