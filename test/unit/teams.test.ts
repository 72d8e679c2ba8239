import assert from 'node:assert/strict';
import { channelKey, CHANNEL_DELETED, REMOVED_FROM_TEAM, Teams } from '../../services/people/teams.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { ManualClock, memoryServices } from '../support/services.js';
import type { PersonalData } from '../../services/privacy/personal-data.js';

// Ids shaped as in shared/teams-payloads: the team id is also its General channel's id.
const TEAM = '19:00000000000000000000000000000a01@thread.tacv2';
const OTHER = '19:00000000000000000000000000000b02@thread.tacv2';
const THIRD = '19:00000000000000000000000000000c03@thread.tacv2';

async function open() {
  const clock = new ManualClock(Date.parse('2025-03-03T10:00:00Z'));
  const store = new MemoryStore();
  return { teams: await Teams.open(store, clock), store, clock };
}

const add = (teams: Teams, channels?: Array<{ id: string; name?: string }>) =>
  teams.added({ id: TEAM, name: 'Neglect champions network', tenantId: 't', serviceUrl: 'https://smba.example/', botId: '28:bot', addedBy: '33333333-aad', channels });

describe('teams and their channels', () => {
  it('records a team and offers its channels, General (no name in Teams) first, keeping only who added it', async () => {
    const { teams } = await open();
    const team = await add(teams, [{ id: OTHER, name: 'Bite-size briefings' }, { id: TEAM }]);
    assert.deepEqual(teams.offered(), [
      { teamId: TEAM, channelId: TEAM, teamName: 'Neglect champions network', channelName: 'General' },
      { teamId: TEAM, channelId: OTHER, teamName: 'Neglect champions network', channelName: 'Bite-size briefings' },
    ]);
    assert.equal(team.addedBy, '33333333-aad');
    assert.deepEqual(Object.keys(team).sort(), ['addedAt', 'addedBy', 'botId', 'channels', 'id', 'name', 'serviceUrl', 'status', 'tenantId', 'updatedAt'], 'no names, emails or members of the team');
    assert.equal(teams.words(TEAM, OTHER), 'Neglect champions network › Bite-size briefings');
  });

  it('offers the General channel when the channel list could not be fetched', async () => {
    const { teams } = await open();
    await add(teams);
    assert.deepEqual(teams.offered().map((c) => c.channelId), [TEAM]);
  });

  it('follows channels created, renamed and deleted, and a list that no longer has one', async () => {
    const { teams } = await open();
    await add(teams, [{ id: TEAM }, { id: OTHER, name: 'Briefings' }]);
    await teams.channelSeen(TEAM, { id: THIRD, name: 'Learning from reviews' });
    await teams.channelSeen(TEAM, { id: OTHER, name: 'Bite-size briefings' });
    await teams.renamed(TEAM, 'NSCP champions');
    assert.deepEqual(teams.offered().map((c) => `${c.teamName} › ${c.channelName}`), ['NSCP champions › General', 'NSCP champions › Bite-size briefings', 'NSCP champions › Learning from reviews']);
    await teams.channelDeleted(TEAM, THIRD);
    assert.equal(teams.unreachable(TEAM, THIRD), CHANNEL_DELETED);
    await add(teams, [{ id: TEAM }]);
    assert.deepEqual(teams.offered().map((c) => c.channelId), [TEAM], 'a channel missing from a fresh list was deleted');
    assert.equal(teams.words(TEAM, OTHER), 'Neglect champions network › Bite-size briefings', 'still named for reports');
  });

  it('once the app is removed, keeps the team for reports but offers none of its channels and says why', async () => {
    const { teams } = await open();
    await add(teams, [{ id: TEAM }, { id: OTHER, name: 'Briefings' }]);
    await teams.removed(TEAM);
    assert.deepEqual(teams.offered(), []);
    assert.equal(teams.unreachable(TEAM, OTHER), REMOVED_FROM_TEAM);
    assert.equal(teams.find(OTHER)?.team.status, 'removed');
    await add(teams, [{ id: TEAM }, { id: OTHER, name: 'Briefings' }]);
    assert.equal(teams.unreachable(TEAM, OTHER), undefined, 'added again: reachable again');
  });

  it('a person\'s data: who added the app is found by their Entra id, exported, and erased without losing the team', async () => {
    const clock = new ManualClock(Date.parse('2025-03-03T10:00:00Z'));
    const s = await memoryServices(clock);
    await s.teams.added({ id: TEAM, name: 'Neglect champions network', serviceUrl: 'https://smba.example/', addedBy: '33333333-aad', channels: [{ id: TEAM }] });
    const who = { email: 'bu@norfolk.gov.uk', names: [], accountIds: ['33333333-AAD'] };
    const report = await s.privacy.describe('nobody@else.example');
    assert.equal(report.sources.find((x) => x.source === 'teams'), undefined, 'nothing about someone else');
    const source = (s.privacy as unknown as { sources: PersonalData[] }).sources.find((x) => x.source === 'teams')!;
    assert.deepEqual((await source.describe(who)).map((h) => h.count), [1]);
    assert.deepEqual(await source.export(who), { teamsTheyAddedTheAppTo: [{ team: 'Neglect champions network', addedAt: '2025-03-03T10:00:00.000Z' }] });
    await source.erase(who);
    assert.equal(s.teams.team(TEAM)?.addedBy, undefined);
    assert.deepEqual(s.teams.offered().map((c) => c.channelId), [TEAM], 'still offered');
    assert.deepEqual(await source.describe(who), []);
  });

  it('retention removes a team the app left, once unchanged that long; a team it is in stays', async () => {
    const { teams, clock } = await open();
    await add(teams, [{ id: TEAM }]);
    await teams.added({ id: OTHER, name: 'LSCG South', serviceUrl: 'https://smba.example/' });
    await teams.removed(TEAM);
    clock.advance(24 * 3_600_000);
    assert.deepEqual(await teams.sweep(new Date(clock.now().getTime() - 2 * 24 * 3_600_000)), { teams: 0 }, 'removed more recently than that');
    assert.deepEqual(await teams.sweep(clock.now()), { teams: 1 });
    assert.deepEqual(teams.all().map((t) => t.id), [OTHER]);
  });

  it('gives the delivery queue a channel as one conversation, posted to in that channel', async () => {
    const { teams } = await open();
    await add(teams, [{ id: TEAM }, { id: OTHER, name: 'Briefings' }]);
    const d = teams.destination(channelKey(OTHER))!;
    assert.equal(d.id, OTHER, 'its own rate limit, keyed by the channel');
    assert.deepEqual(d.reference, { channelId: 'msteams', serviceUrl: 'https://smba.example/', bot: { id: '28:bot' }, conversation: { id: OTHER, isGroup: true, conversationType: 'channel', tenantId: 't' }, teamId: TEAM });
    assert.equal(teams.destination('cat@nchc.example'), undefined, 'a person is not a channel');
    assert.equal(d.status, 'installed');
    await teams.removed(TEAM);
    assert.equal(teams.destination(channelKey(OTHER))?.status, 'uninstalled', 'never queued again by itself once the app left');
    assert.equal(teams.destination(channelKey('19:unknown@thread.tacv2')), undefined);
  });
});
