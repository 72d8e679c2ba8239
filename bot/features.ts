import type { Feature, FeatureFactory } from './feature.js';
import { jagsFeature } from './features/jags/index.js';
import { meetingsFeature } from './features/meetings/index.js';
import { newsletterFeature } from './features/newsletter/index.js';
import { peopleFeature } from './features/people/index.js';
import { privacyFeature } from './features/privacy/index.js';
import { section11Feature } from './features/section11/index.js';
import type { SharedServices } from '../services/shared-services.js';

/**
 * Where features are wired: a new feature is its folders plus one entry here. The order is the
 * menu's order.
 */
export const FEATURES = [meetingsFeature, peopleFeature, section11Feature, jagsFeature, newsletterFeature, privacyFeature] as const;

type ServicesOf<F> = F extends FeatureFactory<infer S> ? S : never;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every feature's own services together, for tests, the bench and start-up. */
export type FeatureServices = Intersect<ServicesOf<(typeof FEATURES)[number]>>;

export async function openFeatures(shared: SharedServices): Promise<{ features: Feature[]; services: FeatureServices }> {
  const features: Feature[] = [];
  const services: Record<string, unknown> = {};
  for (const open of FEATURES) {
    const opened = await open(shared);
    features.push(opened.feature);
    Object.assign(services, opened.services);
  }
  return { features, services: services as FeatureServices };
}
