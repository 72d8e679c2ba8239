import assert from 'node:assert/strict';
import { AppInstaller, NOT_IN_TENANT } from '../../services/reach/app-installer.js';
import { RatePacer, type Sleep } from '../../services/reach/rate-pacer.js';
import { Reach } from '../../services/reach/reach.js';
import { GraphUnreachable, type GraphApi, type GraphRequest, type GraphResponse } from '../../services/graph/graph-api.js';
import { silentLogger } from '../../services/logger.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { busiestSecond } from '../support/busiest-second.js';
import { ManualClock, memoryServices, RecordingTransport, seedPeople, testConfig } from '../support/services.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const CATALOG = '7d7a0b6c-1111-4c2d-9e3f-000000000abc';

/** A sleep that moves the manual clock instead of waiting. */
const sleeper = (clock: ManualClock): Sleep => async (ms) => {
  clock.advance(ms);
};

/** The GraphApi port answering installs from a script; records when each request left. */
class InstallPort implements GraphApi {
  sent: Array<{ at: number; req: GraphRequest }> = [];
  answer: (req: GraphRequest, n: number) => Partial<GraphResponse> | Error = () => ({ status: 201 });
  constructor(private readonly clock: ManualClock) {}
  async send<T>(req: GraphRequest): Promise<GraphResponse<T>> {
    this.sent.push({ at: this.clock.now().getTime(), req });
    const a = this.answer(req, this.sent.length);
    if (a instanceof Error) throw a;
    return { status: 201, body: {} as T, headers: {}, ...a } as GraphResponse<T>;
  }
  async batch(): Promise<never> {
    throw new Error('not used');
  }
  async all(): Promise<never> {
    throw new Error('not used');
  }
}

const recorded = (p: InstallPort) => p.sent.map((s) => ({ at: s.at, status: 201, method: 'POST', path: '' })) as never;

describe('installing the app for people who never opened it', () => {
  let clock: ManualClock;
  let graph: InstallPort;
  const installer = (perSecond: number) => new AppInstaller(graph, { catalogId: CATALOG, perSecond }, TENANT, new RatePacer(perSecond, clock, sleeper(clock)), sleeper(clock));

  beforeEach(() => {
    clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    graph = new InstallPort(clock);
  });

  it('posts the documented body to the user\'s installedApps, by Entra id when known, else by address', async () => {
    const i = installer(5);
    assert.deepEqual(await i.install({ aadObjectId: '33333333-0000-4000-8000-000000000001', email: 'jo@norfolk.gov.uk' }), { outcome: 'installed' });
    assert.deepEqual(await i.install({ email: 'sam@norfolk.gov.uk' }), { outcome: 'installed' });
    assert.deepEqual(graph.sent.map((s) => [s.req.method, s.req.url]), [
      ['POST', '/users/33333333-0000-4000-8000-000000000001/teamwork/installedApps'],
      ['POST', '/users/sam%40norfolk.gov.uk/teamwork/installedApps'],
    ]);
    assert.deepEqual(graph.sent[0].req.body, { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG}` });
  });

  it('paces 200 installs at 20 a second: none over the rate in any second, done within 1.1 × the time the rate allows', async () => {
    const i = installer(20);
    const start = clock.now().getTime();
    await Promise.all(Array.from({ length: 200 }, (_, n) => i.install({ email: `p${n}@norfolk.gov.uk` })));
    assert.equal(graph.sent.length, 200);
    assert.ok(busiestSecond(recorded(graph)) <= 20, `busiest second ${busiestSecond(recorded(graph))}`);
    const took = graph.sent.at(-1)!.at - start;
    assert.ok(took <= 1.1 * (200 / 20) * 1000, `took ${took} ms`);
    assert.ok(took >= (200 / 20 - 1) * 1000, 'not faster than the rate');
  });

  it('honours 429 Retry-After: nothing leaves before it has passed, and the throttled person is tried again', async () => {
    const i = installer(10);
    graph.answer = (_req, n) => (n === 3 ? { status: 429, retryAfterMs: 4000 } : { status: 201 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, n) => i.install({ email: `p${n}@norfolk.gov.uk` })));
    assert.ok(results.every((r) => r.outcome === 'installed'));
    assert.equal(graph.sent.length, 7);
    const throttledAt = graph.sent[2].at;
    assert.ok(graph.sent.slice(3).every((s) => s.at >= throttledAt + 4000), 'every later request waited out Retry-After');
    assert.equal(graph.sent.filter((x) => x.req.url === graph.sent[2].req.url).length, 2, 'the throttled one is tried again');
  });

  for (const [what, answer, expected] of [
    ['409: they already have it', { status: 409 }, { outcome: 'already' }],
    ['404: nobody by that id or address in the partnership\'s tenant', { status: 404 }, { outcome: 'cannot', why: NOT_IN_TENANT }],
    ['403: the permission is not granted', { status: 403 }, { outcome: 'failed', why: /TeamsAppInstallation\.ReadWriteSelfForUser\.All/ }],
    ['400 with a Graph error code', { status: 400, body: { error: { code: 'BadRequest' } } }, { outcome: 'failed', why: /\(400: BadRequest\)/ }],
  ] as const) {
    it(`says ${what}`, async () => {
      graph.answer = () => answer;
      const r = await installer(5).install({ email: 'jo@norfolk.gov.uk' });
      assert.equal(r.outcome, expected.outcome);
      if ('why' in expected) assert.match(r.why!, typeof expected.why === 'string' ? new RegExp(expected.why.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : expected.why);
    });
  }

  it('does not call Graph for someone whose Teams is in another tenant, and says what their admin must do', async () => {
    const r = await installer(5).install({ email: 'head@school.org', tenantId: '99999999-9999-4999-8999-999999999999' });
    assert.equal(r.outcome, 'cannot');
    assert.match(r.why!, /organisation's Teams admin must allow the app and install it for them/);
    assert.equal(graph.sent.length, 0);
  });

  it('tries again when Graph cannot be reached, then fails with the reason', async () => {
    graph.answer = () => new GraphUnreachable('ECONNREFUSED');
    const r = await installer(5).install({ email: 'jo@norfolk.gov.uk' });
    assert.deepEqual(r, { outcome: 'failed', why: 'Microsoft Graph could not be reached. The next send tries again.' });
    assert.equal(graph.sent.length, 3);
  });
});

describe('the delivery queue with app installation on', () => {
  it('holds a delivery to someone without the app while it is installed, sends once Teams tells the bot, and records each outcome per send', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const graph = new InstallPort(clock);
    graph.answer = (req) => (req.url.includes('other%40school.org') ? { status: 404 } : req.url.includes('had%40norfolk') ? { status: 409 } : req.url.includes('broken') ? { status: 403 } : { status: 201 });
    const store = new MemoryStore();
    const config = testConfig();
    const base = await memoryServices(clock, config);
    const people = base.people;
    await seedPeople(base, [
      { email: 'new@norfolk.gov.uk', name: 'New', org: 'NCC', groups: 'LSCG South', installed: false },
      { email: 'had@norfolk.gov.uk', name: 'Had', org: 'NCC', groups: 'LSCG South', installed: false },
      { email: 'other@school.org', name: 'Other', org: 'School', groups: 'LSCG South', installed: false },
      { email: 'broken@norfolk.gov.uk', name: 'Broken', org: 'NCC', groups: 'LSCG South', installed: false },
    ]);
    const sleep = sleeper(clock);
    const reach = new Reach(store, people, new AppInstaller(graph, { catalogId: CATALOG, perSecond: 50 }, TENANT, new RatePacer(50, clock, sleep), sleep), clock, silentLogger);
    const { DeliveryQueue } = await import('../../services/delivery/delivery-queue.js');
    const transport = new RecordingTransport();
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const queue = await DeliveryQueue.open({ store, transport, people, config: config.sending, clock, log: silentLogger, reach, timers: { setTimeout: (fn, ms) => timers.push({ fn, ms }), clearTimeout: () => undefined } });
    queue.start();
    const ids = ['new@norfolk.gov.uk', 'had@norfolk.gov.uk', 'other@school.org', 'broken@norfolk.gov.uk'];
    await queue.enqueue(ids.map((personId) => ({ id: `r:${personId}`, campaign: 'meeting-m1', personId, kind: 'meeting-reminder', op: 'send' as const, subjectId: 'm1' })));
    await reach.idle();
    assert.equal(graph.sent.filter((x) => x.req.method === 'POST').length, 4);
    assert.equal(graph.sent.filter((x) => x.req.method === 'GET').length, 1, 'for the one who had it, their installation is looked up (no chat found here)');
    assert.deepEqual((await reach.sends())[0].waitingForTeams, ['new@norfolk.gov.uk'], 'installed through Graph, but Teams has not told the bot yet');

    // Teams tells the bot about the new installation, as it does after an install through Graph.
    await people.recordInstallation({ id: '29:new', aadObjectId: '33333333-0000-4000-8000-000000000001', email: 'new@norfolk.gov.uk', tenantId: TENANT, reference: { conversation: { id: 'a:new' } } });
    const fire = () => timers.splice(0).forEach((t) => t.fn());
    clock.advance(2_000);
    fire();
    await queue.idle().then(() => undefined, () => undefined);
    await new Promise((r) => setImmediate(r));
    const records = new Map((await queue.records('meeting-m1')).map((d) => [d.personId, d]));
    assert.equal(transport.delivered.length, 1);
    assert.equal(transport.delivered[0].delivery.personId, 'new@norfolk.gov.uk');
    assert.equal(records.get('new@norfolk.gov.uk')!.status, 'sent');
    assert.equal(records.get('had@norfolk.gov.uk')!.status, 'not-installed');
    assert.match(records.get('had@norfolk.gov.uk')!.lastError!, /have the app already, but the bot has no chat with them yet/);
    assert.match(records.get('other@school.org')!.lastError!, /Not found in the partnership's tenant \(another organisation, or the account was removed\)/);
    assert.match(records.get('broken@norfolk.gov.uk')!.lastError!, /TeamsAppInstallation/);

    const [send] = await reach.sends();
    assert.equal(send.campaign, 'meeting-m1');
    assert.deepEqual(send.counts, { installed: 1, already: 1, cannot: 1, failed: 1 });
    assert.deepEqual(send.waitingForTeams, [], 'Teams\' installation event arrived');
    await queue.stop();
  });

  it('never installs for a Teams channel: a channel is reached through its team', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const graph = new InstallPort(clock);
    const s = await memoryServices(clock);
    const sleep = sleeper(clock);
    const reach = new Reach(new MemoryStore(), s.people, new AppInstaller(graph, { catalogId: CATALOG, perSecond: 5 }, TENANT, new RatePacer(5, clock, sleep), sleep), clock, silentLogger);
    const { channelKey } = await import('../../services/people/teams.js');
    assert.equal(reach.holdUntil({ personId: channelKey('19:abc@thread.tacv2'), campaign: 'c', kind: 'k' } as never, clock.now().getTime()), 0);
    await reach.idle();
    assert.equal(graph.sent.length, 0);
  });

  it('never installs again for someone who uninstalled or blocked the app', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const graph = new InstallPort(clock);
    const s = await memoryServices(clock);
    await seedPeople(s, [{ email: 'gone@norfolk.gov.uk', name: 'Gone', org: 'NCC', groups: 'LSCG South' }]);
    await s.people.markInstallation('29:gone@norfolk.gov.uk', 'uninstalled');
    const sleep = sleeper(clock);
    const reach = new Reach(new MemoryStore(), s.people, new AppInstaller(graph, { catalogId: CATALOG, perSecond: 5 }, TENANT, new RatePacer(5, clock, sleep), sleep), clock, silentLogger);
    assert.equal(reach.holdUntil({ personId: 'gone@norfolk.gov.uk', campaign: 'c' } as never, clock.now().getTime()), 0);
    await reach.idle();
    assert.equal(graph.sent.length, 0);
  });
});

describe('installing the app: a failure to record the chat Graph named', () => {
  it('is logged, leaves nothing pending and raises no unhandled rejection', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    const graph = new InstallPort(clock);
    graph.answer = (req) =>
      req.method === 'POST' ? { status: 409 } : req.url.endsWith('/chat') ? { status: 200, body: { id: '19:chat' } } : { status: 200, body: { value: [{ id: 'inst-1', teamsApp: { id: CATALOG } }] } };
    const s = await memoryServices(clock);
    await seedPeople(s, [{ email: 'had@norfolk.gov.uk', name: 'Had', org: 'NCC', groups: 'LSCG South', installed: false }]);
    s.people.recordInstallation = async () => {
      throw new Error('disk full');
    };
    const errors: string[] = [];
    const log = { ...silentLogger, error: (event: string) => void errors.push(event) };
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const sleep = sleeper(clock);
      const reach = new Reach(new MemoryStore(), s.people, new AppInstaller(graph, { catalogId: CATALOG, perSecond: 5 }, TENANT, new RatePacer(5, clock, sleep), sleep), clock, log, () => ({ reference: {}, tenantId: TENANT }));
      const d = { personId: 'had@norfolk.gov.uk', campaign: 'c', kind: 'k' } as never;
      assert.ok(reach.holdUntil(d, clock.now().getTime()) > clock.now().getTime(), 'held while installing');
      await reach.idle();
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(unhandled, []);
      assert.deepEqual(errors, ['reach.adopt_failed']);
      assert.equal(reach.holdUntil(d, clock.now().getTime()), 0, 'no longer held: the send goes on and is recorded');
      assert.match(reach.whyNot('had@norfolk.gov.uk')!, /have the app already/);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
