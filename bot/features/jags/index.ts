import { jagsSummaryCard } from '../../../adaptive-cards/features/jags/jags.js';
import { JAGS_VERBS } from '../../../adaptive-cards/features/jags/verbs.js';
import type { Delivery } from '../../../services/delivery/deliveries.js';
import { openJagsServices } from '../../../services/features/jags/index.js';
import { summaryView } from '../../../services/features/jags/views.js';
import { formatDayDate } from '../../../services/zoned-time.js';
import { featureOf, type RenderedDelivery } from '../../feature.js';
import type { JagsDeps } from './deps.js';
import { feedbackFormCard } from './feedback-card.js';
import { registerJagsHandlers } from './handlers.js';

function feedbackRenderer(s: JagsDeps, reminder: boolean) {
  return async (d: Delivery): Promise<RenderedDelivery> => {
    const session = s.jags.session(d.subjectId);
    const banner = reminder ? { text: 'A reminder: we would value your feedback on this JAGS session.', tone: 'accent' as const } : undefined;
    return { card: feedbackFormCard(s, session, s.jags.form(session), 0, {}, { banner }), summary: 'JAGS feedback: two minutes, anonymous' };
  };
}

/** How many lost feedback cards the menu offers again: more would crowd out everything else. */
const MENU_FORMS = 2;

/** JAGS: requests and sessions logged by the business unit; anonymous feedback after each session. */
export const jagsFeature = featureOf(openJagsServices, (s) => ({
  name: 'jags',
  registerActions: (actions) => registerJagsHandlers(actions, s),
  deliveries: {
    'jags-feedback': feedbackRenderer(s, false),
    'jags-feedback-reminder': feedbackRenderer(s, true),
    'jags-summary': async (d) => ({ card: jagsSummaryCard(await summaryView(s, s.jags.session(d.subjectId))), summary: 'JAGS feedback: the collated result' }),
  },
  async menu({ actor }) {
    const open = await s.jags.openFormsFor(s.people.emailFor(actor.teamsUserId));
    const label = (startsAt: string) => formatDayDate(new Date(startsAt), s.config.timeZone).replace(/^\w+ /, '').replace(/ \d{4}$/, '');
    return {
      mine: open.slice(0, MENU_FORMS).map((x) => ({ title: `JAGS feedback: ${label(x.startsAt)}`, verb: JAGS_VERBS.jagsFeedbackOpen, data: { sessionId: x.id } })),
      admin: [{ title: 'JAGS', verb: JAGS_VERBS.jagsHome }],
    };
  },
}));
