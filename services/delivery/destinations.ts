import type { Installation, People } from '../people/people.js';
import { channelIdOf, isChannelKey, type Teams } from '../people/teams.js';

/**
 * Where the delivery queue reaches a recipient: a person's 1:1 chat (their installation) or a
 * Teams channel (a team the app is in). Each has its own conversation, and so its own rate limit.
 */
export interface Destinations {
  installationOf(recipient: string): Installation | undefined;
  /** Teams answered 403 or 404: the person blocked or removed the app, or the team or channel is gone. */
  markInstallation(installationId: string, status: Installation['status']): Promise<void>;
  /** Why this recipient cannot be reached at all now (the app was removed from a team): the send is recorded failed with it. */
  unreachable?(recipient: string): string | undefined;
}

/** People by their installation, channels by their team. */
export function peopleAndChannels(people: People, teams: Teams): Destinations {
  return {
    installationOf: (r) => (isChannelKey(r) ? teams.destination(r) : people.installationOf(r)),
    async markInstallation(id, status) {
      const channel = teams.find(id);
      if (!channel) return people.markInstallation(id, status);
      // 403: the bot is no longer in the team; 404: the channel is gone.
      if (status === 'blocked') await teams.removed(channel.team.id);
      else if (status === 'uninstalled') await teams.channelDeleted(channel.team.id, id);
    },
    unreachable: (r) => {
      if (!isChannelKey(r)) return undefined;
      const found = teams.find(channelIdOf(r));
      return found ? teams.unreachable(found.team.id, found.channel.id) : 'the app is not in that team';
    },
  };
}
