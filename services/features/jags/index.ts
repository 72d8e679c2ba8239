import type { SharedServices } from '../../shared-services.js';
import { Jags } from './jags.js';
import { jagsPersonalData } from './personal-data.js';
import { jagsRetention } from './retention.js';

/** Opens JAGS; its feedback forms, reminder, closing and summaries run on the scheduler. */
export async function openJagsServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler' | 'privacy' | 'retention'>) {
  const jags = await Jags.open(s);
  s.scheduler.add(jags.campaign);
  s.privacy.add(jagsPersonalData({ jags }));
  s.retention.add(jagsRetention({ kept: s.config.partnership.retention, jags }));
  return { jags };
}

export type JagsServices = Awaited<ReturnType<typeof openJagsServices>>;
