import type { SharedServices } from '../../shared-services.js';
import { Newsletter } from './newsletter.js';
import { newsletterPersonalData } from './personal-data.js';
import { newsletterReplica } from './replica.js';
import { newsletterRetention } from './retention.js';

/** Opens newsletters; scheduled sends, late joiners and the reminder run on the scheduler. */
export async function openNewsletterServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'teams' | 'queue' | 'scheduler' | 'privacy' | 'retention' | 'replica' | 'sendNames'>) {
  const newsletter = await Newsletter.open(s);
  s.scheduler.add(newsletter);
  s.privacy.add(newsletterPersonalData({ newsletter }));
  s.retention.add(newsletterRetention({ kept: s.config.partnership.retention, newsletter }));
  s.replica.add(...newsletterReplica({ config: s.config, newsletter, people: s.people }));
  s.sendNames.add((campaign) => {
    const id = campaign.startsWith('newsletter-') ? campaign.slice('newsletter-'.length) : '';
    const issue = id ? newsletter.all().find((i) => i.id === id) : undefined;
    return issue && `"${issue.title}"`;
  });
  return { newsletter };
}

export type NewsletterServices = Awaited<ReturnType<typeof openNewsletterServices>>;
