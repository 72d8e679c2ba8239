import type { AdaptiveCard } from '../adaptive-cards/elements.js';
import type { MenuButton } from '../adaptive-cards/menu.js';
import type { Actor } from '../services/access.js';
import type { Delivery } from '../services/delivery/deliveries.js';
import type { Person } from '../services/people/people.js';
import type { SharedServices } from '../services/shared-services.js';
import type { CardActions } from './card-actions.js';

/** Who opened the menu, so each feature offers only what this person may do. */
export interface MenuAsk {
  actor: Actor;
  person?: Person;
  isBusinessUnit: boolean;
}

export interface MenuPart {
  /** The person's own items ("My upcoming meetings"). */
  mine?: MenuButton[];
  /** Business unit tasks; only asked for when the person is business unit staff. */
  admin?: MenuButton[];
}

/** A typed command ("meetings") answered with a card. */
export interface TextCommand {
  pattern: RegExp;
  reply(actor: Actor): Promise<AdaptiveCard>;
}

/** The card a queued delivery carries, built when it is sent so it shows the item as it is then. */
export interface RenderedDelivery {
  card: AdaptiveCard;
  /** What Teams shows in the notification. */
  summary: string;
}
export type DeliveryRenderer = (delivery: Delivery) => Promise<RenderedDelivery>;

/**
 * One feature as the Teams edge sees it: its card actions (each with who may press it), the
 * delivery kinds it renders, what it adds to the menu, and typed commands. Its rules live in
 * services/features/<name>, its cards in adaptive-cards/features/<name>.
 */
export interface Feature {
  readonly name: string;
  registerActions(actions: CardActions): void;
  readonly deliveries?: Readonly<Record<string, DeliveryRenderer>>;
  menu?(ask: MenuAsk): MenuPart | Promise<MenuPart>;
  readonly commands?: readonly TextCommand[];
}

/** Opens a feature's services beside the shared ones; `services` is what tests and the bench may reach. */
export type FeatureFactory<S extends object = object> = (shared: SharedServices) => Promise<{ feature: Feature; services: S }>;

/** A feature from its services' opener and the edge it builds on them (shared and own services together). */
export function featureOf<S extends object>(open: (shared: SharedServices) => Promise<S>, build: (s: SharedServices & S) => Feature): FeatureFactory<S> {
  return async (shared) => {
    const services = await open(shared);
    return { services, feature: build({ ...shared, ...services }) };
  };
}
