import { s11PromptCard } from '../../../adaptive-cards/features/section11/section11.js';
import { S11_VERBS } from '../../../adaptive-cards/features/section11/verbs.js';
import type { Delivery } from '../../../services/delivery/deliveries.js';
import { openSection11Services } from '../../../services/features/section11/index.js';
import { orgKey, SECTION11_LEADS_GROUP } from '../../../services/features/section11/section11.js';
import { cycleTitle, deadlineText, returnStateText } from '../../../services/features/section11/views.js';
import { featureOf, type RenderedDelivery } from '../../feature.js';
import type { Section11Deps } from './deps.js';
import { registerSection11Handlers } from './handlers.js';

/** The prompt, reminder and chase all carry the return's state as it is when they are sent. */
function promptRenderer(s: Section11Deps, kind: 's11-prompt' | 's11-reminder' | 's11-chase') {
  return async (d: Delivery): Promise<RenderedDelivery> => {
    const cycle = s.section11.cycle(d.subjectId);
    const person = s.people.person(d.personId);
    const key = person ? orgKey(person.organisation) : '';
    const org = cycle.organisations.find((o) => o.key === key);
    const ret = await s.section11.returnOf(cycle.id, key);
    const card = s11PromptCard({ cycleId: cycle.id, title: cycleTitle(cycle), organisation: org?.name ?? person?.organisation ?? '', deadline: deadlineText(s, cycle), kind, state: returnStateText(s, ret), formIntro: kind === 's11-prompt' ? s.section11.form(cycle).intro : undefined });
    return { card, summary: `${cycleTitle(cycle)}: due ${deadlineText(s, cycle)}` };
  };
}

/** Section 11 returns: cycles opened by the business unit, one shared return per organisation. */
export const section11Feature = featureOf(openSection11Services, (s) => ({
  name: 'section11',
  registerActions: (actions) => registerSection11Handlers(actions, s),
  deliveries: { 's11-prompt': promptRenderer(s, 's11-prompt'), 's11-reminder': promptRenderer(s, 's11-reminder'), 's11-chase': promptRenderer(s, 's11-chase') },
  menu: ({ person }) => ({
    mine: person?.groupIds.includes(SECTION11_LEADS_GROUP) ? [{ title: 'My Section 11 returns', verb: S11_VERBS.s11Mine }] : [],
    admin: [{ title: 'Section 11 returns', verb: S11_VERBS.s11Cycles }],
  }),
}));
