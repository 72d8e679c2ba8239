import type { Clock } from '../clock.js';
import type { Installation } from './people.js';
import type { Collection, Store } from '../store/store.js';

/** A channel of a team the app is in. Teams gives the General channel no name. */
export interface TeamChannel {
  id: string;
  name: string;
  /** Deleted in Teams: kept so reports still name it, never offered as an audience. */
  deleted?: boolean;
}

/**
 * A team the app was added to. No person's data beyond the Entra object id of whoever added it
 * (who to ask, should the business unit wonder why the team is there).
 */
export interface Team {
  /** The team id, which is also its General channel's id. */
  id: string;
  name: string;
  tenantId?: string;
  /** Where Teams wants this team's messages sent; the latest event's wins. */
  serviceUrl: string;
  /** The bot's own account id in that tenant (28:…), for the conversation reference. */
  botId?: string;
  channels: TeamChannel[];
  status: 'installed' | 'removed';
  addedBy?: string;
  addedAt: string;
  removedAt?: string;
  updatedAt: string;
}

/** A channel the business unit may choose as an audience: the app is in its team and it exists. */
export interface OfferedChannel {
  teamId: string;
  channelId: string;
  teamName: string;
  channelName: string;
}

/** Channels are reached through the same queue as people; this prefix keeps their keys apart. */
const CHANNEL_KEY = 'channel:';
export const channelKey = (channelId: string) => `${CHANNEL_KEY}${channelId}`;
export const isChannelKey = (key: string) => key.startsWith(CHANNEL_KEY);
export const channelIdOf = (key: string) => key.slice(CHANNEL_KEY.length);

/** The General channel has no name of its own in Teams' channel list. */
export const channelName = (c: Pick<TeamChannel, 'name'>) => c.name || 'General';

export const REMOVED_FROM_TEAM = 'the app was removed from that team';
export const CHANNEL_DELETED = 'that channel was deleted in Teams';

/**
 * Teams the app has been added to, and their channels: what the business unit can post to. Kept
 * after the app is removed (marked so) so that reports still name the channel a post went to.
 */
export class Teams {
  private constructor(
    private readonly teams: Collection<Team>,
    private readonly clock: Clock,
  ) {}

  static async open(store: Store, clock: Clock): Promise<Teams> {
    return new Teams(await store.collection<Team>('teams'), clock);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  team(id: string): Team | undefined {
    return this.teams.get(id);
  }

  all(): Team[] {
    return this.teams.values();
  }

  /**
   * The app was added to a team (or Teams told us again): recorded or refreshed. `channels`, when
   * the channel list could be fetched, replaces what was known: a channel missing from it was deleted.
   */
  async added(input: { id: string; name?: string; tenantId?: string; serviceUrl: string; botId?: string; addedBy?: string; channels?: Array<{ id: string; name?: string }> }): Promise<Team> {
    const now = this.now();
    const had = this.teams.get(input.id);
    let channels = had?.channels ?? [];
    if (input.channels) {
      const listed = new Set(input.channels.map((c) => c.id));
      channels = [...input.channels.map((c) => ({ id: c.id, name: c.name ?? '' })), ...channels.filter((c) => !listed.has(c.id)).map((c) => ({ ...c, deleted: true }))];
    }
    // The General channel always exists, and its id is the team's: reachable even if the list could not be fetched.
    if (!channels.some((c) => c.id === input.id)) channels = [{ id: input.id, name: '' }, ...channels];
    const team: Team = {
      id: input.id,
      name: input.name || had?.name || 'A team',
      tenantId: input.tenantId ?? had?.tenantId,
      serviceUrl: input.serviceUrl,
      botId: input.botId ?? had?.botId,
      channels,
      status: 'installed',
      addedBy: had?.status === 'installed' ? (had.addedBy ?? input.addedBy) : input.addedBy,
      addedAt: had?.status === 'installed' ? had.addedAt : now,
      updatedAt: now,
    };
    await this.teams.put(team);
    return team;
  }

  /** The app was removed from the team: its channels are no longer offered, and nothing more is posted there. */
  async removed(teamId: string): Promise<void> {
    const team = this.teams.get(teamId);
    if (!team || team.status === 'removed') return;
    const now = this.now();
    await this.teams.put({ ...team, status: 'removed', removedAt: now, updatedAt: now });
  }

  /**
   * Retention: a team the app was removed from, unchanged since `before`, goes with its channels
   * (nothing can be posted there; reports then name its channels "A team › a channel").
   */
  async sweep(before: Date): Promise<{ teams: number }> {
    const old = this.teams.values().filter((t) => t.status === 'removed' && t.updatedAt < before.toISOString());
    for (const t of old) await this.teams.remove(t.id);
    return { teams: old.length };
  }

  /** Erasure: the team stays (it is the partnership's, not the person's), without who added the app. */
  async forgetAdder(teamId: string): Promise<void> {
    const team = this.teams.get(teamId);
    if (!team?.addedBy) return;
    await this.teams.put({ ...team, addedBy: undefined, updatedAt: this.now() });
  }

  async renamed(teamId: string, name: string): Promise<void> {
    const team = this.teams.get(teamId);
    if (!team || !name || team.name === name) return;
    await this.teams.put({ ...team, name, updatedAt: this.now() });
  }

  /** A channel created or renamed in the team. */
  async channelSeen(teamId: string, channel: { id: string; name?: string }): Promise<void> {
    const team = this.teams.get(teamId);
    if (!team) return;
    const rest = team.channels.filter((c) => c.id !== channel.id);
    await this.teams.put({ ...team, channels: [...rest, { id: channel.id, name: channel.name ?? '' }], updatedAt: this.now() });
  }

  async channelDeleted(teamId: string, channelId: string): Promise<void> {
    const team = this.teams.get(teamId);
    if (!team || !team.channels.some((c) => c.id === channelId && !c.deleted)) return;
    await this.teams.put({ ...team, channels: team.channels.map((c) => (c.id === channelId ? { ...c, deleted: true } : c)), updatedAt: this.now() });
  }

  /** The team and channel behind a channel id, whatever their state. */
  find(channelId: string): { team: Team; channel: TeamChannel } | undefined {
    for (const team of this.teams.values()) {
      const channel = team.channels.find((c) => c.id === channelId);
      if (channel) return { team, channel };
    }
    return undefined;
  }

  /** Why nothing can be posted to this channel now; undefined when it can. */
  unreachable(teamId: string, channelId: string): string | undefined {
    const team = this.teams.get(teamId);
    const channel = team?.channels.find((c) => c.id === channelId);
    if (!team || !channel) return 'the app is not in that team';
    if (team.status === 'removed') return REMOVED_FROM_TEAM;
    if (channel.deleted) return CHANNEL_DELETED;
    return undefined;
  }

  /** Channels the business unit may post to: teams the app is in, channels not deleted; by team, General first. */
  offered(): OfferedChannel[] {
    return this.teams
      .values()
      .filter((t) => t.status === 'installed')
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((t) =>
        t.channels
          .filter((c) => !c.deleted)
          .sort((a, b) => (a.id === t.id ? -1 : b.id === t.id ? 1 : channelName(a).localeCompare(channelName(b))))
          .map((c) => ({ teamId: t.id, channelId: c.id, teamName: t.name, channelName: channelName(c) })),
      );
  }

  /** "Team › Channel", for cards; a channel we no longer know is named by what is left. */
  words(teamId: string, channelId: string): string {
    const team = this.teams.get(teamId);
    const channel = team?.channels.find((c) => c.id === channelId);
    return `${team?.name ?? 'A team'} › ${channel ? channelName(channel) : 'a channel'}`;
  }

  /**
   * A channel as the delivery queue reaches it: one conversation (its own rate limit), posted to
   * as a new thread. Its status is what the queue acts on; `unreachable` gives the reason, which
   * the queue records as the failure.
   */
  destination(key: string): Installation | undefined {
    if (!isChannelKey(key)) return undefined;
    const found = this.find(channelIdOf(key));
    if (!found) return undefined;
    const { team, channel } = found;
    return {
      id: channel.id,
      tenantId: team.tenantId,
      reference: {
        channelId: 'msteams',
        serviceUrl: team.serviceUrl,
        ...(team.botId ? { bot: { id: team.botId } } : {}),
        conversation: { id: channel.id, isGroup: true, conversationType: 'channel', tenantId: team.tenantId },
        teamId: team.id,
      },
      // Not 'installed' once unreachable: the queue then never queues it again on its own.
      status: this.unreachable(team.id, channel.id) ? 'uninstalled' : 'installed',
      installedAt: team.addedAt,
      updatedAt: team.updatedAt,
    };
  }
}
