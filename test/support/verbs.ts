import { JAGS_VERBS } from '../../adaptive-cards/features/jags/verbs.js';
import { NEWSLETTER_VERBS } from '../../adaptive-cards/features/newsletter/verbs.js';
import { MEETING_VERBS } from '../../adaptive-cards/features/meetings/verbs.js';
import { ROSTER_VERBS } from '../../adaptive-cards/features/people/verbs.js';
import { S11_VERBS } from '../../adaptive-cards/features/section11/verbs.js';
import { MENU_VERB } from '../../adaptive-cards/verbs.js';

/** Every feature's verbs under one name, so tests press buttons without caring which feature owns them. */
export const VERBS = { menu: MENU_VERB, ...MEETING_VERBS, ...ROSTER_VERBS, ...S11_VERBS, ...JAGS_VERBS, ...NEWSLETTER_VERBS } as const;
