import type { SharedServices } from '../../shared-services.js';
import { section11PersonalData } from './personal-data.js';
import { section11Retention } from './retention.js';
import { Section11 } from './section11.js';

/** Opens Section 11 and puts its prompts and reminders on the scheduler. */
export async function openSection11Services(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler' | 'privacy' | 'retention'>) {
  const section11 = await Section11.open(s);
  s.scheduler.add(section11.campaign);
  s.privacy.add(section11PersonalData({ section11 }));
  s.retention.add(section11Retention({ kept: s.config.partnership.retention, section11 }));
  return { section11 };
}

export type Section11Services = Awaited<ReturnType<typeof openSection11Services>>;
