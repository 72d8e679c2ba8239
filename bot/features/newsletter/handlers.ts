import type { CardActions } from '../../card-actions.js';
import { registerComposeHandlers } from './compose-handlers.js';
import type { NewsletterDeps } from './deps.js';
import { registerRecipientHandlers } from './recipient-handlers.js';
import { registerReportHandlers } from './report-handlers.js';

/** Every newsletter verb, each registered with who may press it. */
export function registerNewsletterHandlers(actions: CardActions, s: NewsletterDeps): void {
  registerComposeHandlers(actions, s);
  registerReportHandlers(actions, s);
  registerRecipientHandlers(actions, s);
}
