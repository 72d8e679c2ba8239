import { Application, TurnState, type TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { messageCard, notAllowedCard } from '../adaptive-cards/message.js';
import { ALL_VERBS } from '../adaptive-cards/verbs.js';
import { tenantAllowed } from '../services/access.js';
import type { AppServices } from '../services/app-services.js';
import { actorFrom } from './actor.js';
import { registerInstallHandlers } from './handlers/install.js';
import { registerMeetingHandlers } from './features/meetings/meetings.js';
import { registerMenuHandlers } from './handlers/menu.js';
import { registerRosterHandlers } from './features/people/roster.js';
import { registerJagsHandlers } from './features/jags/handlers.js';
import { registerRsvpHandlers } from './features/meetings/rsvp.js';
import { registerSection11Handlers } from './features/section11/handlers.js';
import { answerInvokeWithCard, sendCard } from './send-card.js';

const isCardAction = (c: TurnContext) => c.activity.type === 'invoke' && c.activity.name === 'adaptiveCard/action';

/** A card press we can route: Action.Execute with a verb we know. Anything else is answered here. */
function cardActionProblem(c: TurnContext): string | null {
  const action = (c.activity.value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
  if (!action || typeof action !== 'object') return 'This button sent nothing we can read.';
  if (action.type !== 'Action.Execute') return 'This button is of a kind this bot does not handle.';
  if (typeof action.verb !== 'string' || !ALL_VERBS.has(action.verb)) return 'This button is out of date or not one of ours.';
  return null;
}

export function createApplication(adapter: TeamsAdapter, s: AppServices): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });

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
      const problem = cardActionProblem(context);
      if (problem) {
        s.log.warn('card.rejected', { reason: problem });
        await answerInvokeWithCard(context, messageCard('That button did not work', `${problem} Type help to get a fresh menu. Nothing was changed.`));
        return false;
      }
    }
    return true;
  });

  registerInstallHandlers(app, s);
  registerMeetingHandlers(app, s);
  registerRsvpHandlers(app, s);
  registerRosterHandlers(app, s);
  registerSection11Handlers(app, s);
  registerJagsHandlers(app, s);
  registerMenuHandlers(app, s);

  app.error(async (context, error) => {
    s.log.error('turn.failed', { type: context.activity.type, error });
    try {
      if (isCardAction(context)) await answerInvokeWithCard(context, messageCard('Something went wrong', 'Nothing was changed. Please try again in a minute.'));
      else if (context.activity.type === 'message') await context.sendActivity('Sorry, something went wrong on our side. Please try again in a minute.');
    } catch {
      // The reply itself failed (connector down); the error is already logged.
    }
  });
  return app;
}
