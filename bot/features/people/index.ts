import { ROSTER_VERBS } from '../../../adaptive-cards/features/people/verbs.js';
import type { FeatureFactory } from '../../feature.js';
import { registerRosterHandlers } from './roster.js';

/** People and groups: the business unit pastes the roster; everyone else's audiences come from it. */
export const peopleFeature: FeatureFactory = async (shared) => ({
  services: {},
  feature: {
    name: 'people',
    registerActions: (actions) => registerRosterHandlers(actions, shared),
    menu: () => ({ admin: [{ title: 'People and groups', verb: ROSTER_VERBS.rosterForm }] }),
  },
});
