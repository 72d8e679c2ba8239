import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { menuCard, type MenuButton } from '../../adaptive-cards/menu.js';
import { MENU_VERB } from '../../adaptive-cards/verbs.js';
import { isBusinessUnit } from '../../services/access.js';
import { systemClock } from '../../services/clock.js';
import { replicaLine } from '../../services/replica/replica-words.js';
import type { SharedServices } from '../../services/shared-services.js';
import { actorFrom } from '../actor.js';
import { ANY_INSTALLED_USER, type CardActions } from '../card-actions.js';
import type { Feature } from '../feature.js';
import { sendCard } from '../send-card.js';

export type MenuDeps = Pick<SharedServices, 'config' | 'people'> & Partial<Pick<SharedServices, 'replica' | 'clock'>>;

/** The menu for whoever sent this activity: each feature adds what this person may do. */
export async function buildMenu(s: MenuDeps, features: readonly Feature[], context: TurnContext, opts: { welcome?: boolean; note?: string } = {}) {
  const actor = actorFrom(context);
  const person = s.people.personFor(actor.teamsUserId);
  const ask = { actor, person, isBusinessUnit: isBusinessUnit(s.config, actor) };
  const mine: MenuButton[] = [];
  const admin: MenuButton[] = [];
  for (const f of features) {
    const part = (await f.menu?.(ask)) ?? {};
    mine.push(...(part.mine ?? []));
    if (ask.isBusinessUnit) admin.push(...(part.admin ?? []));
  }
  const replica = ask.isBusinessUnit && s.replica ? replicaLine(s.replica.status(), (s.clock ?? systemClock).now(), s.config.timeZone) : undefined;
  return menuCard({ partnershipShortName: s.config.partnership.partnership.shortName, name: person?.name ?? actor.name, isBusinessUnit: ask.isBusinessUnit, mine, admin, notOnRoster: !person, replicaLine: replica, ...opts });
}

export function registerMenuHandlers(app: Application<TurnState>, actions: CardActions, s: MenuDeps, features: readonly Feature[]): void {
  actions.add(MENU_VERB, ANY_INSTALLED_USER, async (_data, ctx) => await buildMenu(s, features, ctx.turn));

  for (const f of features) {
    for (const command of f.commands ?? []) {
      app.message(command.pattern, async (context) => {
        await sendCard(context, await command.reply(actorFrom(context)));
      });
    }
  }

  app.message(/^\s*(help|menu|hi|hello|start)\W*$/i, async (context) => {
    await sendCard(context, await buildMenu(s, features, context));
  });

  // Anything else: say so kindly and offer the menu, rather than guess.
  app.activity('message', async (context) => {
    const typed = !!context.activity.text?.trim();
    await sendCard(context, await buildMenu(s, features, context, { note: typed ? 'Sorry, I did not understand that. Here is what I can do:' : undefined }));
  });
}
