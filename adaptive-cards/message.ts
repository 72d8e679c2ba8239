import { banner, card, executeNoInputs, heading, text, type AdaptiveCard } from './elements.js';
import { MENU_VERB } from './verbs.js';

/** A short card for a refusal or a problem, always with a way back to the menu. */
export function messageCard(title: string, message: string, tone: 'attention' | 'warning' | 'good' | 'accent' = 'attention', withMenu = true): AdaptiveCard {
  return card([...heading(title), banner(message, tone)], withMenu ? [executeNoInputs('Back to the menu', MENU_VERB)] : undefined);
}

/** The refusal for someone whose organisation's tenant is not on the allow-list. */
export function notAllowedCard(partnershipName: string): AdaptiveCard {
  return card([
    ...heading(`Sorry, this bot is only for ${partnershipName} partners`),
    text('Your organisation is not set up to use it yet. If you work with the partnership, ask the NSCP business unit to add your organisation. Nothing about you has been stored.'),
  ]);
}
