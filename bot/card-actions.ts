import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../adaptive-cards/elements.js';
import { messageCard } from '../adaptive-cards/message.js';
import type { Verb } from '../adaptive-cards/verbs.js';
import { isBusinessUnit, type Actor } from '../services/access.js';
import type { AppConfig } from '../services/config.js';
import type { Logger } from '../services/logger.js';
import { UserFacingError } from '../services/validation.js';
import { actorFrom } from './actor.js';

export interface CardActionContext {
  actor: Actor;
  isBusinessUnit: boolean;
  turn: TurnContext;
}

export type CardData = Record<string, unknown>;
export type CardActionHandler = (data: CardData, ctx: CardActionContext) => Promise<AdaptiveCard>;

/** How a handler turns a refusal into a card; by default a message card with a way back. */
export type ErrorCard = (error: UserFacingError | Error, data: CardData, ctx: CardActionContext) => AdaptiveCard;

/**
 * Refuses by throwing a UserFacingError ('forbidden'): the rule lives in a service, so the
 * refusal says the same thing wherever it is checked.
 */
export type Guard = (data: CardData, ctx: CardActionContext) => void | Promise<void>;

/**
 * Who may press a button. Business unit staff is checked here; the item-level kinds (a member of
 * the item's audience, a lead of the organisation) run the feature's guard before the handler.
 */
export type Who =
  | { kind: 'business-unit' }
  | { kind: 'any-installed-user' }
  | { kind: 'audience-member'; of: string; guard: Guard }
  | { kind: 'organisation-lead'; guard: Guard };

export const BUSINESS_UNIT: Who = { kind: 'business-unit' };
export const ANY_INSTALLED_USER: Who = { kind: 'any-installed-user' };
export const audienceMember = (of: string, guard: Guard): Who => ({ kind: 'audience-member', of, guard });
export const organisationLead = (guard: Guard): Who => ({ kind: 'organisation-lead', guard });

export interface CardAction {
  verb: Verb;
  who: Who;
  handle: CardActionHandler;
  errorCard?: ErrorCard;
}

const KINDS: ReadonlySet<string> = new Set(['business-unit', 'any-installed-user', 'audience-member', 'organisation-lead']);

/** Why this declaration cannot be registered, naming the verb; null when it is complete. */
function declarationProblem(a: Partial<CardAction>, known: ReadonlyMap<string, CardAction>): string | null {
  const verb = typeof a.verb === 'string' ? a.verb : '';
  if (!verb) return 'A card action was registered without a verb.';
  if (known.has(verb)) return `Card action "${verb}" is registered twice.`;
  const who = a.who as Partial<Who> | undefined;
  if (!who || typeof who.kind !== 'string' || !KINDS.has(who.kind)) {
    return `Card action "${verb}" does not say who may use it. Register it with BUSINESS_UNIT, ANY_INSTALLED_USER, audienceMember(…) or organisationLead(…).`;
  }
  if ((who.kind === 'audience-member' || who.kind === 'organisation-lead') && typeof (who as { guard?: unknown }).guard !== 'function') {
    return `Card action "${verb}" is for ${who.kind === 'audience-member' ? 'an audience member' : 'an organisation lead'} but has no guard that checks it.`;
  }
  if (typeof a.handle !== 'function') return `Card action "${verb}" has no handler.`;
  return null;
}

export class CardActionDeclarationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardActionDeclarationError';
  }
}

const defaultErrorCard: ErrorCard = (e) =>
  e instanceof UserFacingError
    ? messageCard(e.code === 'forbidden' ? 'Not allowed' : 'That did not work', e.message)
    : messageCard('Something went wrong', 'Nothing was changed. Please try again in a minute; if it keeps happening, tell the NSCP business unit.');

/**
 * Every Action.Execute verb the bot answers, each with who may press it. A verb declared without
 * that cannot be added, so a new admin button is never open to everyone by omission.
 */
export class CardActions {
  private readonly byVerb = new Map<string, CardAction>();

  add(verb: Verb, who: Who, handle: CardActionHandler, errorCard?: ErrorCard): void {
    const action = { verb, who, handle, errorCard };
    const problem = declarationProblem(action, this.byVerb);
    if (problem) throw new CardActionDeclarationError(problem);
    this.byVerb.set(verb, action);
  }

  has(verb: string): boolean {
    return this.byVerb.has(verb);
  }

  list(): CardAction[] {
    return [...this.byVerb.values()];
  }

  /**
   * Hands every action to teams-ai. Each press is checked here, whatever the card showed: the
   * declared permission first, then card data must be an object; failures become a card that
   * says what to do rather than an error.
   */
  mount(app: Application<TurnState>, deps: { config: AppConfig; log: Logger }): void {
    for (const action of this.byVerb.values()) {
      app.adaptiveCards.actionExecute(action.verb, async (turn, _state, rawData) => answer(action, turn, rawData, deps));
    }
  }
}

async function answer(action: CardAction, turn: TurnContext, rawData: unknown, deps: { config: AppConfig; log: Logger }): Promise<AdaptiveCard> {
  const { verb, who } = action;
  const actor = actorFrom(turn);
  const data: CardData = rawData && typeof rawData === 'object' && !Array.isArray(rawData) ? (rawData as CardData) : {};
  const ctx: CardActionContext = { actor, isBusinessUnit: isBusinessUnit(deps.config, actor), turn };
  if (who.kind === 'business-unit' && !ctx.isBusinessUnit) {
    deps.log.warn('card.forbidden', { verb });
    return messageCard('Not allowed', 'Only NSCP business unit staff can do that. Type help to see what you can do.');
  }
  const errorCard = action.errorCard ?? defaultErrorCard;
  try {
    if (who.kind === 'audience-member' || who.kind === 'organisation-lead') await who.guard(data, ctx);
    return await action.handle(data, ctx);
  } catch (e) {
    if (!(e instanceof UserFacingError)) deps.log.error('card.failed', { verb, error: e as Error });
    else deps.log.info('card.refused', { verb, code: e.code });
    try {
      return errorCard(e as Error, data, ctx);
    } catch {
      return defaultErrorCard(e as Error, data, ctx);
    }
  }
}
