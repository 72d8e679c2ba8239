import type { Clock } from '../services/clock.js';
import type { AppConfig } from '../services/config.js';
import type { Transport } from '../services/delivery/deliveries.js';
import type { QueueTimers } from '../services/delivery/delivery-queue.js';
import type { GraphApi } from '../services/graph/graph-api.js';
import type { Logger } from '../services/logger.js';
import { openSharedServices, type SharedServices } from '../services/shared-services.js';
import type { Store } from '../services/store/store.js';
import type { Feature } from './feature.js';
import { openFeatures, type FeatureServices } from './features.js';

/** The shared services and every feature's own: what start-up, tests and the bench can reach. */
export type AppServices = SharedServices & FeatureServices;

/** The composition root: shared pieces first, then each feature beside them. */
export async function openServices(opts: { config: AppConfig; store: Store; clock: Clock; log: Logger; transport: Transport; timers?: QueueTimers; graph?: GraphApi }): Promise<{ services: AppServices; features: Feature[] }> {
  const shared = await openSharedServices(opts);
  const { features, services } = await openFeatures(shared);
  return { services: { ...shared, ...services }, features };
}
