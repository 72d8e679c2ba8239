import type { Installation, People } from '../people/people.js';
import { channelIdOf, isChannelKey, type Teams } from '../people/teams.js';

/**
 * Where the delivery queue reaches a recipient: a person's 1:1 chat (their installation) or a
 * Teams channel (a team the app is in). Each has its own conversation, and so its own rate limit.
 */
export interface Destinations {
  installationOf(recipient: string): Installation | undefined;
  /**
   * Teams answered 403 or 404: the person blocked or removed the app, or the team or channel is gone.
   * `code` is the Bot Connector's error code. A reason returned means the destination stays as it
   * is and only this post failed, for that reason (a channel refusing one post).
   */
  markInstallation(installationId: string, status: Installation['status'], code?: string): Promise<string | void>;
  /** Why this recipient cannot be reached at all now (the app was removed from a team): the send is recorded failed with it. */
  unreachable?(recipient: string): string | undefined;
}

/** The Bot Connector's 403 code for a bot that is no longer in the conversation's roster (05o). */
export const BOT_NOT_IN_TEAM = 'BotNotInConversationRoster';

/** What the business unit reads on the report when a channel refused one post. */
export function channelRefused(code?: string): string {
  return `Teams refused this post in the channel${code ? ` (${code})` : ''}: the channel may be moderated, or the app may not post there. The app is still in the team.`;
}

/** People by their installation, channels by their team. */
export function peopleAndChannels(people: People, teams: Teams): Destinations {
  return {
    installationOf: (r) => (isChannelKey(r) ? teams.destination(r) : people.installationOf(r)),
    async markInstallation(id, status, code) {
      const channel = teams.find(id);
      if (!channel) return people.markInstallation(id, status);
      if (status === 'blocked') {
        // Only this code says the bot is out of the team. Any other 403 (a moderated channel, a
        // post the bot may not write there) is about this post: the team's other channels still work.
        if (code === BOT_NOT_IN_TEAM) return teams.removed(channel.team.id);
        return channelRefused(code);
      }
      if (status === 'uninstalled') await teams.channelDeleted(channel.team.id, id);
    },
    unreachable: (r) => {
      if (!isChannelKey(r)) return undefined;
      const found = teams.find(channelIdOf(r));
      return found ? teams.unreachable(found.team.id, found.channel.id) : 'the app is not in that team';
    },
  };
}
