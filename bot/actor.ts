import type { TurnContext } from 'botbuilder';
import type { Actor } from '../services/access.js';

/** Who sent this activity, in the terms services use. Teams puts the tenant in one of two places. */
export function actorFrom(context: TurnContext): Actor {
  const a = context.activity;
  const channelData = (a.channelData ?? {}) as { tenant?: { id?: string } };
  return {
    teamsUserId: a.from?.id ?? '',
    aadObjectId: a.from?.aadObjectId || undefined,
    tenantId: channelData.tenant?.id ?? a.conversation?.tenantId ?? undefined,
    name: a.from?.name || undefined,
  };
}
