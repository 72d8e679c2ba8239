import type { NewsletterServices } from '../../../services/features/newsletter/index.js';
import type { SharedServices } from '../../../services/shared-services.js';

/** What the newsletter feature's handlers and renderers use. */
export type NewsletterDeps = Pick<SharedServices, 'config' | 'clock' | 'people' | 'teams' | 'exports'> & NewsletterServices;
