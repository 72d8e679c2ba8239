import { ROSTER_VERBS } from '../../../adaptive-cards/features/people/verbs.js';
import { ENTRA_REFRESH_KIND, openPeopleServices } from '../../../services/features/people/index.js';
import { featureOf } from '../../feature.js';
import { ENTRA_READ_KIND } from '../../../services/features/people/entra-reads.js';
import { entraReadRenderer, entraRefreshRenderer, registerEntraHandlers } from './entra.js';
import { registerRosterHandlers } from './roster.js';

/** People and groups: the business unit pastes the roster, or lets groups follow Entra; everyone else's audiences come from it. */
export const peopleFeature = featureOf(openPeopleServices, (s) => ({
  name: 'people',
  registerActions: (actions) => {
    registerRosterHandlers(actions, s);
    registerEntraHandlers(actions, s);
  },
  deliveries: { [ENTRA_REFRESH_KIND]: entraRefreshRenderer(s), [ENTRA_READ_KIND]: entraReadRenderer(s) },
  menu: () => ({ admin: [{ title: 'People and groups', verb: ROSTER_VERBS.rosterForm }] }),
}));
