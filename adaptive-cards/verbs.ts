/**
 * A card verb: the name an Action.Execute button carries, shared by the card that shows it and
 * the handler registered for it. Each feature declares its own in adaptive-cards/features/<f>/verbs.ts;
 * to find the code behind a button, grep its verb: card → bot/features/<f> (registered with who
 * may press it) → services/features/<f>.
 */
export type Verb = string;

/** The one verb every feature's cards share: back to the menu. */
export const MENU_VERB = 'menu.show';
