import assert from 'node:assert/strict';
import { EntraGroups, NOT_RECORDED } from '../../services/features/people/entra-groups.js';
import { GraphCertificateUntrusted, GraphUnreachable, type GraphApi, type GraphResponse } from '../../services/graph/graph-api.js';
import { groupChanges, type EntraMember } from '../../services/people/entra-match.js';
import type { Person } from '../../services/people/people.js';
import { silentLogger } from '../../services/logger.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { ManualClock, memoryServices, seedPeople, testConfig, type AppServices } from '../support/services.js';
import { validatePartnershipConfig } from '../../services/config.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const ENTRA_SOUTH = '0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const aad = (n: number) => `33333333-0000-4000-8000-${String(n).padStart(12, '0')}`;

const person = (email: string, groupIds: string[], aadObjectId?: string): Person => ({ id: email, email, name: email.split('@')[0], organisation: 'Org', groupIds, aadObjectId, updatedAt: '2026-01-01T00:00:00.000Z' });

describe('matching Entra group members to the roster', () => {
  const noTenant = { tenantId: TENANT, tenantOf: () => undefined };

  it('matches by Entra object id first, even when the address differs', () => {
    const roster = [person('jo@norfolk.gov.uk', ['lscg-south'], aad(1))];
    const c = groupChanges('lscg-south', [{ id: aad(1), displayName: 'Jo', mail: 'jo.bloggs@norfolk.gov.uk', userPrincipalName: 'jo.bloggs@norfolk.gov.uk' }], roster, noTenant);
    assert.equal(c.unchanged, 1);
    assert.deepEqual([c.newPeople, c.addToGroup, c.removeFromGroup], [[], [], []]);
  });

  it('then by email, case-insensitive, using mail and else the user principal name, and learns the Entra id', () => {
    const roster = [person('jo@norfolk.gov.uk', ['lscg-south']), person('sam@norfolk.gov.uk', [])];
    const members: EntraMember[] = [
      { id: aad(1), displayName: 'Jo', mail: 'JO@Norfolk.gov.uk', userPrincipalName: 'x@norfolk.onmicrosoft.com' },
      { id: aad(2), displayName: 'Sam', mail: null, userPrincipalName: 'Sam@NORFOLK.gov.uk' },
    ];
    const c = groupChanges('lscg-south', members, roster, noTenant);
    assert.deepEqual(c.linked, [{ personId: 'jo@norfolk.gov.uk', aadObjectId: aad(1) }]);
    assert.deepEqual(c.addToGroup, [{ personId: 'sam@norfolk.gov.uk', name: 'sam', aadObjectId: aad(2) }]);
  });

  it('does not match an email whose roster entry is tied to another Entra account, and says why', () => {
    const roster = [person('jo@norfolk.gov.uk', ['lscg-south'], aad(9))];
    const c = groupChanges('lscg-south', [{ id: aad(1), displayName: 'Jo', mail: 'jo@norfolk.gov.uk', userPrincipalName: 'jo@norfolk.gov.uk' }], roster, noTenant);
    assert.equal(c.notMatched.length, 1);
    assert.match(c.notMatched[0].why, /another Entra account/);
    assert.equal(c.newPeople.length, 0);
  });

  it('adds people not on the roster; a guest without mail is not matched, with the reason', () => {
    const c = groupChanges('lscg-south', [
      { id: aad(1), displayName: 'New Person', mail: 'new@norfolk.gov.uk', userPrincipalName: 'new@norfolk.gov.uk' },
      { id: aad(2), displayName: 'Guest', mail: null, userPrincipalName: 'g_school.org#EXT#@norfolk.onmicrosoft.com' },
    ], [], noTenant);
    assert.deepEqual(c.newPeople, [{ email: 'new@norfolk.gov.uk', name: 'New Person', aadObjectId: aad(1) }]);
    assert.equal(c.notMatched[0].name, 'Guest');
    assert.match(c.notMatched[0].why, /no email address/);
  });

  it('removes members of the tenant who left the Entra group, and keeps people from other tenants (the Entra group cannot hold them)', () => {
    const roster = [person('left@norfolk.gov.uk', ['lscg-south']), person('head@school.org', ['lscg-south']), person('gp@nhs.net', ['lscg-south']), person('stay@norfolk.gov.uk', ['lscg-south'], aad(1))];
    const tenants: Record<string, string> = { 'gp@nhs.net': '99999999-9999-4999-8999-999999999999' };
    const c = groupChanges('lscg-south', [{ id: aad(1), displayName: 'Stay', mail: 'stay@norfolk.gov.uk', userPrincipalName: 'stay@norfolk.gov.uk' }], roster, { tenantId: TENANT, tenantOf: (id) => tenants[id] });
    assert.deepEqual(c.removeFromGroup.map((r) => r.personId), ['left@norfolk.gov.uk']);
    assert.deepEqual(c.keptOutside.map((k) => [k.personId, k.why]), [
      ['head@school.org', 'their address is not one of the tenant\'s domains'],
      ['gp@nhs.net', 'uses Teams in another organisation\'s tenant'],
    ]);
  });
});

/** The GraphApi port, answering group member reads from pages the test sets. */
class FakeGraphPort implements GraphApi {
  pages = new Map<string, EntraMember[]>();
  failWith?: GraphResponse;
  throwWith?: Error;
  /** Reads never answer (the process is stopped mid-read). */
  stalled = false;
  urls: string[] = [];
  async send<T>(): Promise<GraphResponse<T>> {
    throw new Error('not used');
  }
  async batch(): Promise<never> {
    throw new Error('not used');
  }
  async all<T>(url: string): Promise<{ items: T[]; failed?: GraphResponse }> {
    this.urls.push(url);
    if (this.stalled) await new Promise(() => undefined);
    if (this.throwWith) throw this.throwWith;
    if (this.failWith) return { items: [], failed: this.failWith };
    const id = /\/groups\/([^/]+)\//.exec(url)![1];
    const members = this.pages.get(id);
    if (!members) return { items: [], failed: { status: 404, body: { error: { code: 'Request_ResourceNotFound' } }, headers: {} } };
    return { items: members as T[] };
  }
}

function boundConfig() {
  const base = testConfig({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: '22222222-2222-4222-8222-222222222222', GRAPH_CLIENT_SECRET: 's', SHAREPOINT_SITE_ID: 'site', GRAPH_ENDPOINT: 'https://graph.microsoft.us' });
  const raw = JSON.parse(JSON.stringify(base.partnership));
  raw.groups[0].entraGroupId = ENTRA_SOUTH.toUpperCase();
  return { ...base, partnership: validatePartnershipConfig(raw) };
}

describe('refreshing a group from Entra', () => {
  let clock: ManualClock;
  let s: AppServices;
  let graph: FakeGraphPort;
  let entra: EntraGroups;

  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const config = boundConfig();
    s = await memoryServices(clock, config);
    graph = new FakeGraphPort();
    entra = await EntraGroups.open({ store: new MemoryStore(), people: s.people, config, graph, clock, log: silentLogger });
    await seedPeople(s, [
      { email: 'jo@norfolk.gov.uk', name: 'Jo', org: 'Norfolk County Council', groups: 'LSCG South' },
      { email: 'left@norfolk.gov.uk', name: 'Left', org: 'Norfolk County Council', groups: 'LSCG South', installed: false },
    ]);
  });

  it('reads the group by its lower-cased id with the documented query, and changes nothing until applied', async () => {
    graph.pages.set(ENTRA_SOUTH, [
      { id: aad(1), displayName: 'Jo', mail: 'jo@norfolk.gov.uk', userPrincipalName: 'jo@norfolk.gov.uk' },
      { id: aad(2), displayName: 'New', mail: 'new@norfolk.gov.uk', userPrincipalName: 'new@norfolk.gov.uk' },
    ]);
    const r = await entra.refresh('lscg-south', 'bu');
    assert.equal(graph.urls[0], `/groups/${ENTRA_SOUTH}/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail,userPrincipalName&$top=999`);
    assert.ok(r.ok);
    assert.deepEqual(r.changes.newPeople.map((p) => p.email), ['new@norfolk.gov.uk']);
    assert.deepEqual(r.changes.removeFromGroup.map((p) => p.personId), ['left@norfolk.gov.uk']);
    assert.equal(s.people.person('new@norfolk.gov.uk'), undefined, 'not on the roster before apply');
    assert.deepEqual(s.people.person('left@norfolk.gov.uk')!.groupIds, ['lscg-south']);

    const applied = await entra.apply('lscg-south');
    assert.equal(applied.newPeople.length, 1);
    assert.deepEqual(s.people.person('new@norfolk.gov.uk')!.groupIds, ['lscg-south']);
    assert.equal(s.people.person('new@norfolk.gov.uk')!.organisation, NOT_RECORDED);
    assert.deepEqual(s.people.person('left@norfolk.gov.uk')!.groupIds, []);
    assert.equal(s.people.person('jo@norfolk.gov.uk')!.aadObjectId, aad(1));
    assert.equal(entra.pending('lscg-south'), undefined);
    await assert.rejects(entra.apply('lscg-south'), /no refresh waiting/);
  });

  it('discard keeps the roster as it was', async () => {
    graph.pages.set(ENTRA_SOUTH, []);
    await entra.refresh('lscg-south', 'bu');
    await entra.discard('lscg-south');
    assert.deepEqual(s.people.person('jo@norfolk.gov.uk')!.groupIds, ['lscg-south']);
    await assert.rejects(entra.apply('lscg-south'), /no refresh waiting/);
  });

  it('Discard from an older card does not discard a newer read nobody has seen; from the current card it does', async () => {
    graph.pages.set(ENTRA_SOUTH, []);
    const old = await entra.refresh('lscg-south', 'bu');
    assert.ok(old.ok);
    clock.advance(60_000);
    const newer = await entra.refresh('lscg-south', 'daily');
    assert.ok(newer.ok);
    await assert.rejects(entra.discardShown([{ groupId: 'lscg-south', preparedAt: old.preparedAt }]), /LSCG South was read from Entra again since this card\. Nothing was changed/);
    assert.equal(entra.pending('lscg-south')?.preparedAt, newer.preparedAt, 'the newer read still waits');
    await entra.discardShown([{ groupId: 'lscg-south', preparedAt: newer.preparedAt }]);
    assert.equal(entra.pending('lscg-south'), undefined);
    await assert.rejects(entra.discardShown([{ groupId: 'lscg-south', preparedAt: newer.preparedAt }]), /applied or discarded already/);
  });

  for (const [what, set, expected] of [
    ['a group id Entra does not know (404)', (g: FakeGraphPort) => (g.failWith = { status: 404, body: {}, headers: {} }), new RegExp(`no group with the id ${ENTRA_SOUTH} \\(set for LSCG South\\).*entraGroupId`)],
    ['the permission not granted (403)', (g: FakeGraphPort) => (g.failWith = { status: 403, body: {}, headers: {} }), /GroupMember\.Read\.All/],
    ['Graph down', (g: FakeGraphPort) => (g.throwWith = new GraphUnreachable('ECONNREFUSED')), /could not be reached.*check the server can reach graph\.microsoft\.us\./],
    ['a certificate Node does not trust', (g: FakeGraphPort) => (g.throwWith = new GraphCertificateUntrusted('graph.microsoft.us', 'SELF_SIGNED_CERT_IN_CHAIN')), /The certificate of graph\.microsoft\.us is not trusted: .*NODE_EXTRA_CA_CERTS/],
    ['throttled (429)', (g: FakeGraphPort) => (g.failWith = { status: 429, body: {}, headers: {}, retryAfterMs: 30_000 }), /in 30 seconds/],
  ] as const) {
    it(`on ${what} says what to fix and changes nothing stored, the waiting refresh included`, async () => {
      graph.pages.set(ENTRA_SOUTH, [{ id: aad(2), displayName: 'New', mail: 'new@norfolk.gov.uk', userPrincipalName: 'new@norfolk.gov.uk' }]);
      await entra.refresh('lscg-south', 'bu');
      set(graph);
      const r = await entra.refresh('lscg-south', 'bu');
      assert.equal(r.ok, false);
      assert.match((r as { problem: string }).problem, expected);
      assert.match((r as { problem: string }).problem, /Nothing was changed\./);
      assert.deepEqual(entra.pending('lscg-south')!.changes.newPeople.map((p) => p.email), ['new@norfolk.gov.uk'], 'the earlier refresh still waits');
      assert.equal(s.people.person('new@norfolk.gov.uk'), undefined);
      assert.deepEqual(s.people.person('left@norfolk.gov.uk')!.groupIds, ['lscg-south']);
    });
  }

  it('runs daily once after 06:00 in the partnership\'s zone, and tells the business unit only when something would change', async () => {
    graph.pages.set(ENTRA_SOUTH, [{ id: aad(1), displayName: 'Jo', mail: 'jo@norfolk.gov.uk', userPrincipalName: 'jo@norfolk.gov.uk' }, { id: aad(3), displayName: 'Left', mail: 'left@norfolk.gov.uk', userPrincipalName: 'left@norfolk.gov.uk' }]);
    const told: string[][] = [];
    const job = entra.dailyJob(async (groups) => (told.push(groups.map((g) => g.group.id)), 1));
    clock.set('2026-06-10T04:59:00Z'); // 05:59 BST
    assert.equal(await job.tick(), 0);
    assert.equal(graph.urls.length, 0);
    clock.set('2026-06-10T05:00:00Z'); // 06:00 BST
    assert.equal(await job.tick(), 1);
    assert.deepEqual(told, [['lscg-south']], 'Jo gains an Entra id: that is a change');
    assert.equal(await job.tick(), 0, 'once a day');
    await entra.apply('lscg-south');
    clock.set('2026-06-11T05:30:00Z');
    assert.equal(await job.tick(), 0, 'nothing to change: nobody is told');
    assert.equal(graph.urls.length, 2);
    assert.equal(entra.pending('lscg-south'), undefined);
  });

  it('a daily read that fails is not the day\'s read: tried again an hour later, at most four times, and the business unit is told once', async () => {
    graph.throwWith = new GraphUnreachable('ECONNREFUSED');
    const told: Array<[string, string[]]> = [];
    const job = entra.dailyJob(async (groups, notice) => (told.push([notice, groups.map((g) => g.group.id)]), 1));
    clock.set('2026-06-10T05:00:00Z'); // 06:00 BST
    assert.equal(await job.tick(), 1);
    assert.deepEqual(told, [['failed', ['lscg-south']]]);
    const [failure] = entra.dailyFailures();
    assert.ok(failure && !failure.outcome.ok);
    assert.match(failure.outcome.problem, /could not be reached/, 'the card says why');
    clock.set('2026-06-10T05:59:00Z');
    assert.equal(await job.tick(), 0);
    assert.equal(graph.urls.length, 1, 'not before the hour is up');
    for (const at of ['06:00', '07:00', '08:00']) {
      clock.set(`2026-06-10T${at}:00Z`);
      assert.equal(await job.tick(), 0, 'tried again, not told again');
    }
    assert.equal(graph.urls.length, 4);
    clock.set('2026-06-10T09:00:00Z');
    await job.tick();
    assert.equal(graph.urls.length, 4, 'four tries a day at most');
    assert.equal(told.length, 1, 'told once');

    graph.throwWith = undefined;
    graph.pages.set(ENTRA_SOUTH, [{ id: aad(3), displayName: 'Left', mail: 'left@norfolk.gov.uk', userPrincipalName: 'left@norfolk.gov.uk' }]);
    clock.set('2026-06-11T05:00:00Z');
    assert.equal(await job.tick(), 1, 'a new day, a new read');
    assert.deepEqual(told[1], ['changes', ['lscg-south']]);
    assert.deepEqual(entra.dailyFailures(), []);
  });

  it('a daily read that fails once and then works tells of the changes, and is done for the day', async () => {
    graph.failWith = { status: 503, body: {}, headers: {} };
    const told: string[] = [];
    const job = entra.dailyJob(async (_groups, notice) => (told.push(notice), 1));
    clock.set('2026-06-10T05:00:00Z');
    await job.tick();
    graph.failWith = undefined;
    graph.pages.set(ENTRA_SOUTH, [{ id: aad(3), displayName: 'Left', mail: 'left@norfolk.gov.uk', userPrincipalName: 'left@norfolk.gov.uk' }]);
    clock.set('2026-06-10T06:00:00Z');
    assert.equal(await job.tick(), 1);
    assert.deepEqual(told, ['failed', 'changes']);
    clock.set('2026-06-10T07:00:00Z');
    assert.equal(await job.tick(), 0, 'done for the day');
    assert.equal(graph.urls.length, 2);
  });

  it('a daily read cut short (the bot stopped mid-read) is tried again that day after a restart', async () => {
    const store = new MemoryStore();
    const config = boundConfig();
    graph.stalled = true;
    const first = await EntraGroups.open({ store, people: s.people, config, graph, clock, log: silentLogger });
    clock.set('2026-06-10T05:00:00Z');
    void first.dailyJob(async () => 1).tick();
    await new Promise((r) => setImmediate(r));
    assert.equal(graph.urls.length, 1, 'the read began');
    graph.stalled = false;
    graph.pages.set(ENTRA_SOUTH, [{ id: aad(3), displayName: 'Left', mail: 'left@norfolk.gov.uk', userPrincipalName: 'left@norfolk.gov.uk' }]);
    const restarted = await EntraGroups.open({ store, people: s.people, config, graph, clock, log: silentLogger });
    const job = restarted.dailyJob(async () => 1);
    assert.equal(await job.tick(), 0, 'not straight away');
    clock.set('2026-06-10T06:00:00Z');
    assert.equal(await job.tick(), 1, 'an hour later it reads again and tells of the changes');
    assert.ok(restarted.pending('lscg-south'));
  });
});
