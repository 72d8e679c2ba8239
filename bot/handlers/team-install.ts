import type { Application, TurnState } from '@microsoft/teams-ai';
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { SharedServices } from '../../services/shared-services.js';
import { actorFrom } from '../actor.js';

type TeamDeps = Pick<SharedServices, 'log' | 'teams'>;

interface TeamChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  eventType?: string;
}

const channelDataOf = (context: TurnContext) => (context.activity.channelData ?? {}) as TeamChannelData;

/** Whether this activity is about a team (the bot added to or removed from it, or a change in it), not a 1:1 chat. */
export function isTeamActivity(context: TurnContext): boolean {
  return !!channelDataOf(context).team?.id;
}

/**
 * The app was added to a team: the team and its channels are recorded, so the business unit can
 * post to them. The channel list comes from the connector; if it cannot be had now, the General
 * channel (whose id is the team's) is offered, and the next event about the team fills the rest.
 */
async function added(s: TeamDeps, context: TurnContext): Promise<void> {
  const a = context.activity;
  const team = channelDataOf(context).team!;
  const teamId = team.id!;
  let channels: Array<{ id: string; name?: string }> | undefined;
  try {
    channels = (await TeamsInfo.getTeamChannels(context, teamId)).filter((c) => typeof c.id === 'string' && c.id).map((c) => ({ id: c.id!, name: c.name ?? undefined }));
  } catch (e) {
    s.log.warn('team.channels_lookup_failed', { status: (e as { statusCode?: number }).statusCode });
  }
  const recorded = await s.teams.added({ id: teamId, name: team.name, tenantId: actorFrom(context).tenantId, serviceUrl: a.serviceUrl, botId: a.recipient?.id, addedBy: a.from?.aadObjectId || undefined, channels });
  s.log.info('team.added', { channels: recorded.channels.filter((c) => !c.deleted).length });
}

async function removed(s: TeamDeps, context: TurnContext): Promise<void> {
  await s.teams.removed(channelDataOf(context).team!.id!);
  s.log.info('team.removed', {});
}

/** Install and uninstall in a team: conversationUpdate (teamMemberAdded/Removed with the bot) or installationUpdate (add/remove). */
export async function onTeamMembership(s: TeamDeps, context: TurnContext): Promise<void> {
  const a = context.activity;
  const bot = a.recipient?.id;
  if (a.type === 'installationUpdate') {
    if (a.action === 'add' || a.action === 'add-upgrade') return added(s, context);
    if (a.action === 'remove' || a.action === 'remove-upgrade') return removed(s, context);
    return;
  }
  if ((a.membersAdded ?? []).some((m) => m.id === bot)) return added(s, context);
  if ((a.membersRemoved ?? []).some((m) => m.id === bot)) return removed(s, context);
}

/** Changes inside a team the app is in: renamed, channels created, renamed or deleted. */
export function registerTeamHandlers(app: Application<TurnState>, s: TeamDeps): void {
  app.conversationUpdate('teamRenamed', async (context) => {
    const team = channelDataOf(context).team!;
    if (team.id && team.name) await s.teams.renamed(team.id, team.name);
  });
  const channelEvent = async (context: TurnContext, what: 'seen' | 'deleted') => {
    const { team, channel } = channelDataOf(context);
    if (!team?.id || !channel?.id) return;
    if (what === 'deleted') await s.teams.channelDeleted(team.id, channel.id);
    else await s.teams.channelSeen(team.id, { id: channel.id, name: channel.name });
  };
  app.conversationUpdate('channelCreated', (context) => channelEvent(context, 'seen'));
  app.conversationUpdate('channelRenamed', (context) => channelEvent(context, 'seen'));
  app.conversationUpdate('channelRestored', (context) => channelEvent(context, 'seen'));
  app.conversationUpdate('channelDeleted', (context) => channelEvent(context, 'deleted'));
  app.conversationUpdate('teamDeleted', (context) => removed(s, context));
}
