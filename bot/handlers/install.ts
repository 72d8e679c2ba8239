import type { Application, TurnState } from '@microsoft/teams-ai';
import { TeamsInfo, TurnContext, type ChannelAccount } from 'botbuilder';
import type { SharedServices } from '../../services/shared-services.js';
import type { Feature } from '../feature.js';
import { actorFrom } from '../actor.js';
import { sendCard } from '../send-card.js';
import { buildMenu } from './menu.js';
import { isTeamActivity, onTeamMembership } from './team-install.js';

type InstallDeps = Pick<SharedServices, 'config' | 'log' | 'people' | 'teams' | 'scheduler'>;

interface MemberDetails {
  email?: string;
  aadObjectId?: string;
  name?: string;
}

/** The connector's member look-up gives the email; it returns `objectId` on the wire, so accept either. */
async function lookUpMember(s: InstallDeps, context: TurnContext, userId: string): Promise<MemberDetails> {
  try {
    const m = (await TeamsInfo.getMember(context, userId)) as unknown as Record<string, string | undefined>;
    return { email: m.email || m.userPrincipalName, aadObjectId: m.aadObjectId || m.objectId, name: m.name || [m.givenName, m.surname].filter(Boolean).join(' ') || undefined };
  } catch (e) {
    s.log.warn('install.member_lookup_failed', { status: (e as { statusCode?: number }).statusCode });
    return {};
  }
}

async function install(s: InstallDeps, features: readonly Feature[], context: TurnContext, user: ChannelAccount): Promise<void> {
  const actor = actorFrom(context);
  const member = await lookUpMember(s, context, user.id);
  const reference = TurnContext.getConversationReference(context.activity) as unknown as Record<string, unknown>;
  const inst = await s.people.recordInstallation({
    id: user.id,
    aadObjectId: member.aadObjectId ?? user.aadObjectId ?? actor.aadObjectId,
    tenantId: actor.tenantId,
    email: member.email?.toLowerCase(),
    name: member.name ?? user.name ?? undefined,
    reference,
  });
  s.log.info('install.recorded', { linked: !!inst.personId, isNew: inst.isNew });
  // Teams may announce one install twice (conversationUpdate and installationUpdate): greet once.
  if (inst.isNew) {
    await sendCard(context, await buildMenu(s, features, context, { welcome: true }));
    // Someone added to a group before installing may be due a reminder already.
    await s.scheduler.runNow();
  }
}

export function registerInstallHandlers(app: Application<TurnState>, s: InstallDeps, features: readonly Feature[]): void {
  app.conversationUpdate('membersAdded', async (context) => {
    const a = context.activity;
    if (isTeamActivity(context)) return onTeamMembership(s, context);
    if (a.conversation?.conversationType && a.conversation.conversationType !== 'personal') return;
    const added = a.membersAdded ?? [];
    const botAdded = added.some((m) => m.id === a.recipient?.id);
    const user = added.find((m) => m.id !== a.recipient?.id) ?? (botAdded ? a.from : undefined);
    if (user?.id) await install(s, features, context, user);
  });

  app.conversationUpdate('membersRemoved', async (context) => {
    const a = context.activity;
    if (isTeamActivity(context)) return onTeamMembership(s, context);
    if (a.conversation?.conversationType !== 'personal') return;
    if ((a.membersRemoved ?? []).some((m) => m.id === a.recipient?.id) && a.from?.id) await s.people.markInstallation(a.from.id, 'uninstalled');
  });

  app.activity('installationUpdate', async (context) => {
    const a = context.activity;
    if (isTeamActivity(context)) return onTeamMembership(s, context);
    if (a.conversation?.conversationType && a.conversation.conversationType !== 'personal') return;
    if (!a.from?.id) return;
    if (a.action === 'add' || a.action === 'add-upgrade') await install(s, features, context, a.from);
    else if (a.action === 'remove') await s.people.markInstallation(a.from.id, 'uninstalled');
  });
}
