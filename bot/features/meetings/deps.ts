import type { MeetingServices } from '../../../services/features/meetings/index.js';
import type { SharedServices } from '../../../services/shared-services.js';

/** What the meetings feature's handlers and renderers use. */
export type MeetingDeps = Pick<SharedServices, 'config' | 'clock' | 'people' | 'queue' | 'exports'> & MeetingServices;
