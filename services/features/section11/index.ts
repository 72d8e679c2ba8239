import type { SharedServices } from '../../shared-services.js';
import { Section11 } from './section11.js';

export interface Section11Services {
  section11: Section11;
}

export async function openSection11Services(s: Pick<SharedServices, 'store' | 'config' | 'clock' | 'log' | 'people' | 'queue' | 'scheduler'>): Promise<Section11Services> {
  const section11 = await Section11.open(s);
  s.scheduler.add(section11);
  return { section11 };
}
