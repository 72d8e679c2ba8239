import { systemClock } from '../services/clock.js';
import type { AppConfig } from '../services/config.js';
import { silentLogger } from '../services/logger.js';
import type { ReplicaList } from '../services/replica/replica-spec.js';
import { openSharedServices } from '../services/shared-services.js';
import { MemoryStore } from '../services/store/file-store.js';
import { openFeatures } from './features.js';

/**
 * The lists the features declare for the replica, as `graph:provision` needs them. The features
 * are opened on an empty store in memory, never the data folder: the lists depend on the
 * partnership config alone, and the bot may be running and holding the folder's lock.
 */
export async function replicaListsFor(config: AppConfig): Promise<ReplicaList[]> {
  const shared = await openSharedServices({
    config,
    store: new MemoryStore(),
    clock: systemClock,
    log: silentLogger,
    transport: { deliver: () => Promise.reject(new Error('graph:provision sends nothing to Teams')) },
  });
  await openFeatures(shared);
  return shared.replica.lists();
}
