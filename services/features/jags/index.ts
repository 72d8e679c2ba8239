import type { SharedServices } from '../../shared-services.js';
import { Jags } from './jags.js';

export interface JagsServices {
  jags: Jags;
}

export async function openJagsServices(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler'>): Promise<JagsServices> {
  const jags = await Jags.open(s);
  s.scheduler.add(jags);
  return { jags };
}
