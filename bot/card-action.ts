import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../adaptive-cards/elements.js';
import { messageCard } from '../adaptive-cards/message.js';
import { ADMIN_VERBS, type Verb } from '../adaptive-cards/verbs.js';
import { isBusinessUnit, type Actor } from '../services/access.js';
import type { AppServices } from '../services/app-services.js';
import { UserFacingError } from '../services/validation.js';
import { actorFrom } from './actor.js';

export interface CardActionContext {
  actor: Actor;
  isBusinessUnit: boolean;
  services: AppServices;
  turn: TurnContext;
}

export type CardActionHandler = (data: Record<string, unknown>, ctx: CardActionContext) => Promise<AdaptiveCard>;

/** How a handler turns a refusal into a card; by default a message card with a way back. */
export type ErrorCard = (error: UserFacingError | Error, data: Record<string, unknown>, ctx: CardActionContext) => AdaptiveCard;

const defaultErrorCard: ErrorCard = (e) =>
  e instanceof UserFacingError
    ? messageCard(e.code === 'forbidden' ? 'Not allowed' : 'That did not work', e.message)
    : messageCard('Something went wrong', 'Nothing was changed. Please try again in a minute; if it keeps happening, tell the NSCP business unit.');

/**
 * Registers an Action.Execute verb. Every press is checked here, whatever the card showed:
 * admin verbs need business unit staff, card data must be an object, and failures become a
 * card that says what to do rather than an error.
 */
export function onCardAction(app: Application<TurnState>, services: AppServices, verb: Verb, handler: CardActionHandler, errorCard: ErrorCard = defaultErrorCard): void {
  app.adaptiveCards.actionExecute(verb, async (turn, _state, rawData) => {
    const actor = actorFrom(turn);
    const data = rawData && typeof rawData === 'object' && !Array.isArray(rawData) ? (rawData as Record<string, unknown>) : {};
    const ctx: CardActionContext = { actor, isBusinessUnit: isBusinessUnit(services.config, actor), services, turn };
    if (ADMIN_VERBS.has(verb) && !ctx.isBusinessUnit) {
      services.log.warn('card.forbidden', { verb, aadObjectId: actor.aadObjectId });
      return messageCard('Not allowed', 'Only NSCP business unit staff can do that. Type help to see what you can do.');
    }
    try {
      return await handler(data, ctx);
    } catch (e) {
      if (!(e instanceof UserFacingError)) services.log.error('card.failed', { verb, error: e as Error });
      else services.log.info('card.refused', { verb, code: e.code });
      try {
        return errorCard(e as Error, data, ctx);
      } catch {
        return defaultErrorCard(e as Error, data, ctx);
      }
    }
  });
}
