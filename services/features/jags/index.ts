import type { SharedServices } from '../../shared-services.js';
import { Jags } from './jags.js';

/** Opens JAGS; its feedback forms, reminder, closing and summaries run on the scheduler. */
export async function openJagsServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler'>) {
  const jags = await Jags.open(s);
  s.scheduler.add(jags.campaign);
  return { jags };
}

export type JagsServices = Awaited<ReturnType<typeof openJagsServices>>;
