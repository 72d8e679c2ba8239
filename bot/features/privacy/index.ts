import { PRIVACY_VERBS } from '../../../adaptive-cards/features/privacy/verbs.js';
import type { FeatureFactory } from '../../feature.js';
import { registerPrivacyHandlers } from './handlers.js';

/**
 * A person's data: the business unit exports or erases everything held about one person. It asks
 * the shared `privacy` piece, which every feature's services joined when they opened; it knows
 * no other feature.
 */
export const privacyFeature: FeatureFactory = async (shared) => ({
  services: {},
  feature: {
    name: 'privacy',
    registerActions: (actions) => registerPrivacyHandlers(actions, shared),
    menu: () => ({ admin: [{ title: 'A person\'s data', verb: PRIVACY_VERBS.personForm }] }),
  },
});
