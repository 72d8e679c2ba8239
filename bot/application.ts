import { Application, TurnState, type TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { messageCard, notAllowedCard } from '../adaptive-cards/message.js';
import { tenantAllowed } from '../services/access.js';
import type { SharedServices } from '../services/shared-services.js';
import { actorFrom } from './actor.js';
import { CardActions } from './card-actions.js';
import type { Feature } from './feature.js';
import { registerInstallHandlers } from './handlers/install.js';
import { registerMenuHandlers } from './handlers/menu.js';
import { registerTeamHandlers } from './handlers/team-install.js';
import { answerInvokeWithCard, sendCard } from './send-card.js';

const isCardAction = (c: TurnContext) => c.activity.type === 'invoke' && c.activity.name === 'adaptiveCard/action';

/** A card press we can route: Action.Execute with a verb we know. Anything else is answered here. */
function cardActionProblem(c: TurnContext, actions: CardActions): string | null {
  const action = (c.activity.value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
  if (!action || typeof action !== 'object') return 'This button sent nothing we can read.';
  if (action.type !== 'Action.Execute') return 'This button is of a kind this bot does not handle.';
  if (typeof action.verb !== 'string' || !actions.has(action.verb)) return 'This button is out of date or not one of ours.';
  return null;
}

/** Every card action the features declare, each with who may press it; a missing declaration stops start-up here. */
export function collectCardActions(features: readonly Feature[]): CardActions {
  const actions = new CardActions();
  for (const f of features) f.registerActions(actions);
  return actions;
}

type EdgeDeps = Pick<SharedServices, 'config' | 'log' | 'people' | 'teams' | 'scheduler'>;

export function createApplication(adapter: TeamsAdapter, s: EdgeDeps, features: readonly Feature[]): { app: Application<TurnState>; actions: CardActions } {
  const app = new Application<TurnState>({ adapter, removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });
  const actions = collectCardActions(features);

  app.turn('beforeTurn', async (context) => {
    const a = context.activity;
    if (!a.from?.id || !a.conversation?.id) {
      s.log.warn('activity.incomplete', { type: a.type });
      return false;
    }
    if (!tenantAllowed(s.config, actorFrom(context).tenantId)) {
      s.log.warn('tenant.refused', { type: a.type });
      if (isCardAction(context)) await answerInvokeWithCard(context, notAllowedCard(s.config.partnership.partnership.name));
      else if (a.type === 'message' || (a.type === 'conversationUpdate' && a.membersAdded?.length) || (a.type === 'installationUpdate' && a.action === 'add')) {
        await sendCard(context, notAllowedCard(s.config.partnership.partnership.name));
      }
      return false;
    }
    if (isCardAction(context)) {
      const problem = cardActionProblem(context, actions);
      if (problem) {
        s.log.warn('card.rejected', { reason: problem });
        await answerInvokeWithCard(context, messageCard('That button did not work', `${problem} Type help to get a fresh menu. Nothing was changed.`));
        return false;
      }
    }
    return true;
  });

  registerInstallHandlers(app, s, features);
  registerTeamHandlers(app, s);
  // The menu's own verb joins the features' before any is handed to teams-ai.
  registerMenuHandlers(app, actions, s, features);
  actions.mount(app, s);

  app.error(async (context, error) => {
    s.log.error('turn.failed', { type: context.activity.type, error });
    try {
      if (isCardAction(context)) await answerInvokeWithCard(context, messageCard('Something went wrong', 'Nothing was changed. Please try again in a minute.'));
      else if (context.activity.type === 'message') await context.sendActivity('Sorry, something went wrong on our side. Please try again in a minute.');
    } catch {
      // The reply itself failed (connector down); the error is already logged.
    }
  });
  return { app, actions };
}
