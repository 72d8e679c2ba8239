import type { SharedServices } from '../../shared-services.js';
import { Section11 } from './section11.js';

/** Opens Section 11 and puts its prompts and reminders on the scheduler. */
export async function openSection11Services(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler'>) {
  const section11 = await Section11.open(s);
  s.scheduler.add(section11.campaign);
  return { section11 };
}

export type Section11Services = Awaited<ReturnType<typeof openSection11Services>>;
