import type { JagsServices } from '../../../services/features/jags/index.js';
import type { SharedServices } from '../../../services/shared-services.js';

/** What the JAGS feature's handlers and renderers use. */
export type JagsDeps = Pick<SharedServices, 'config' | 'clock' | 'people' | 'exports'> & JagsServices;
