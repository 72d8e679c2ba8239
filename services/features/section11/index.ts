import { plugIn, type FeatureOpenDeps } from '../../shared-services.js';
import { section11PersonalData } from './personal-data.js';
import { section11Replica } from './replica.js';
import { section11Retention } from './retention.js';
import { Section11 } from './section11.js';

/** Opens Section 11 and puts its prompts and reminders on the scheduler. */
export async function openSection11Services(s: FeatureOpenDeps) {
  const section11 = await Section11.open(s);
  plugIn(s, { due: section11.campaign, personalData: section11PersonalData({ section11 }), retention: section11Retention({ kept: s.config.partnership.retention, section11 }), replica: section11Replica({ config: s.config, section11 }) });
  return { section11 };
}

export type Section11Services = Awaited<ReturnType<typeof openSection11Services>>;
