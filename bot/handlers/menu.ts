import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { meetingListCard } from '../../adaptive-cards/features/meetings/meeting-list.js';
import { menuCard } from '../../adaptive-cards/menu.js';
import { VERBS } from '../../adaptive-cards/verbs.js';
import { isBusinessUnit } from '../../services/access.js';
import type { AppServices } from '../../services/app-services.js';
import { upcomingForPerson } from '../../services/features/meetings/meeting-queries.js';
import { SECTION11_LEADS_GROUP } from '../../services/features/section11/section11.js';
import { formatDayDate } from '../../services/zoned-time.js';
import { actorFrom } from '../actor.js';
import { onCardAction } from '../card-action.js';
import { sendCard } from '../send-card.js';

export async function buildMenu(s: AppServices, context: TurnContext, opts: { welcome?: boolean; note?: string } = {}) {
  const actor = actorFrom(context);
  const person = s.people.personFor(actor.teamsUserId);
  return menuCard({
    partnershipShortName: s.config.partnership.partnership.shortName,
    name: person?.name ?? actor.name,
    isBusinessUnit: isBusinessUnit(s.config, actor),
    upcomingCount: person ? s.meetings.upcoming(person.groupIds).length : 0,
    notOnRoster: !person,
    isSection11Lead: !!person?.groupIds.includes(SECTION11_LEADS_GROUP),
    feedbackForms: (await s.jags.openFormsFor(s.people.emailFor(actor.teamsUserId))).map((x) => ({ sessionId: x.id, label: formatDayDate(new Date(x.startsAt), s.config.timeZone).replace(/^\w+ /, '').replace(/ \d{4}$/, '') })),
    ...opts,
  });
}

export function registerMenuHandlers(app: Application<TurnState>, s: AppServices): void {
  onCardAction(app, s, VERBS.menu, async (_data, ctx) => await buildMenu(s, ctx.turn));

  app.message(/^\s*(my\s+)?meetings\s*$/i, async (context) => {
    await sendCard(context, meetingListCard(await upcomingForPerson(s, actorFrom(context).teamsUserId), false));
  });

  app.message(/^\s*(help|menu|hi|hello|start)\W*$/i, async (context) => {
    await sendCard(context, await buildMenu(s, context));
  });

  // Anything else: say so kindly and offer the menu, rather than guess.
  app.activity('message', async (context) => {
    const typed = !!context.activity.text?.trim();
    await sendCard(context, await buildMenu(s, context, { note: typed ? 'Sorry, I did not understand that. Here is what I can do:' : undefined }));
  });
}
