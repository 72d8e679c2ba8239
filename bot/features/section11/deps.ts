import type { Section11Services } from '../../../services/features/section11/index.js';
import type { SharedServices } from '../../../services/shared-services.js';

/** What the Section 11 feature's handlers and renderers use. */
export type Section11Deps = Pick<SharedServices, 'config' | 'clock' | 'people' | 'exports'> & Section11Services;
