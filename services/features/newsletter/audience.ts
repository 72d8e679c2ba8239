import type { People } from '../../people/people.js';
import { channelKey, type Teams } from '../../people/teams.js';
import type { AudienceTarget } from './issue.js';

/** One person an issue goes to, as the report shows them. */
export interface AudienceMember {
  personId: string;
  name: string;
  organisation: string;
}

/**
 * Everyone an issue's audience holds now, once each: a person in two chosen groups (or in a
 * group and "everyone") gets one card. "Everyone who has the app" is everyone with an
 * installation, on the roster or not.
 */
export function audienceMembers(people: People, audience: readonly AudienceTarget[]): AudienceMember[] {
  const out = new Map<string, AudienceMember>();
  const groupIds = audience.flatMap((a) => (a.kind === 'group' ? [a.groupId] : []));
  for (const p of groupIds.length ? people.membersOf(groupIds) : []) out.set(p.id, { personId: p.id, name: p.name, organisation: p.organisation });
  if (audience.some((a) => a.kind === 'everyone')) {
    for (const i of people.installations()) {
      if (i.status !== 'installed') continue;
      const id = i.personId ?? i.email?.toLowerCase();
      if (!id || out.has(id)) continue;
      const p = people.person(id);
      out.set(id, { personId: id, name: p?.name ?? i.name ?? id, organisation: p?.organisation ?? 'Not on the roster' });
    }
  }
  return [...out.values()];
}

export type ChannelTarget = Extract<AudienceTarget, { kind: 'channel' }>;

/**
 * The channels an issue is posted to, once each. A channel is its own target: someone in a chosen
 * group who is also in the team gets their own card and sees the channel post (one card per
 * person applies to 1:1 cards only; a channel post is one message for the whole team).
 */
export function audienceChannels(audience: readonly AudienceTarget[]): Array<ChannelTarget & { key: string }> {
  const out = new Map<string, ChannelTarget & { key: string }>();
  for (const a of audience) if (a.kind === 'channel' && !out.has(a.channelId)) out.set(a.channelId, { ...a, key: channelKey(a.channelId) });
  return [...out.values()];
}

export interface Reach {
  people: number;
  reachable: number;
  notInstalled: number;
  blocked: number;
  /** Channel posts: one message each, to channels the app can post in now. */
  channels: number;
}

/** How many it will reach in Teams, and how many it cannot: not installed, or the app blocked; and how many channels. */
export function reachOf(people: People, members: readonly AudienceMember[], channels: readonly ChannelTarget[] = [], teams?: Teams): Reach {
  const r: Reach = { people: members.length, reachable: 0, notInstalled: 0, blocked: 0, channels: channels.filter((c) => !teams?.unreachable(c.teamId, c.channelId)).length };
  for (const m of members) {
    const status = people.installationOf(m.personId)?.status;
    if (status === 'installed') r.reachable++;
    else if (status === 'blocked') r.blocked++;
    else r.notInstalled++;
  }
  return r;
}

/** Whether a person is in an audience now. */
export function inAudience(people: People, audience: readonly AudienceTarget[], personId: string): boolean {
  if (audience.some((a) => a.kind === 'everyone') && people.installationOf(personId)?.status === 'installed') return true;
  const groups = people.person(personId)?.groupIds ?? [];
  return audience.some((a) => a.kind === 'group' && groups.includes(a.groupId));
}
