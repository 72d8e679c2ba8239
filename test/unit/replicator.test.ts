import assert from 'node:assert/strict';
import { GraphUnreachable } from '../../services/graph/graph-api.js';
import { silentLogger } from '../../services/logger.js';
import { Replica } from '../../services/replica/replica.js';
import type { ReplicaSource } from '../../services/replica/replica-spec.js';
import { Replicator } from '../../services/replica/replicator.js';
import { ResourcePacer } from '../../services/replica/resource-pacer.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { OUTBOX } from '../../services/store/outbox.js';
import { FakeGraphPort } from '../support/fake-graph-port.js';
import { ManualClock } from '../support/services.js';

interface Answer {
  id: string;
  n: number;
}

const answers: ReplicaSource<Answer> = {
  list: { list: 'nscpAnswers', displayName: 'NSCP answers', columns: [{ name: 'N', type: 'number' }] },
  collection: 'answers',
  botId: (c, id) => `${c.split('/')[1]}:${id}`,
  row: (doc) => ({ N: doc.n }),
};
const notes: ReplicaSource<Answer> = {
  list: { list: 'nscpNotes', displayName: 'NSCP notes', columns: [{ name: 'N', type: 'number' }] },
  collection: 'notes',
  row: (doc) => ({ N: doc.n }),
};

describe('Replicator (fake clock, a fake of the Graph port)', () => {
  let clock: ManualClock;
  let store: MemoryStore;
  let graph: FakeGraphPort;
  let replica: Replica;
  let r: Replicator;

  async function open(budget = 1200) {
    replica = new Replica();
    replica.add(answers, notes);
    r = await Replicator.open({ store, graph, replica, siteId: 'site-1', clock, log: silentLogger, resourceUnitsPerMinute: budget, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  }

  /** Runs passes as the timers would, moving the clock by each wait, until idle or `limit` ms have passed. */
  async function drain(limitMs = 3_600_000): Promise<void> {
    const end = clock.now().getTime() + limitMs;
    while (clock.now().getTime() < end) {
      const next = await r.pass();
      if (next === undefined) return;
      clock.advance(Math.max(next, 1));
    }
  }

  const put = async (c: string, id: string, n: number) => (await store.collection<Answer>(c)).put({ id, n });
  const rowsByBotId = (list: string) => graph.rows(list).map((f) => f.BotId as string).sort();

  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    store = new MemoryStore(clock);
    graph = new FakeGraphPort(['nscpAnswers', 'nscpNotes']);
    await open();
  });

  it('creates one row per record, keyed by BotId, and is then in step', async () => {
    await put('answers/m1', 'p1', 1);
    await put('answers/m1', 'p2', 2);
    assert.deepEqual(r.status(), { state: 'waiting', waiting: 2, oldestSince: '2026-03-02T09:00:00.000Z' });
    await drain();
    assert.deepEqual(rowsByBotId('nscpAnswers'), ['m1:p1', 'm1:p2']);
    assert.deepEqual(graph.rows('nscpAnswers').find((f) => f.BotId === 'm1:p2'), { N: 2, BotId: 'm1:p2' });
    assert.deepEqual(r.status(), { state: 'in step' });
  });

  it('sends several waiting changes to one record as one upsert of the latest', async () => {
    for (let n = 1; n <= 5; n++) await put('answers/m1', 'p1', n);
    await drain();
    const posts = graph.seen.filter((q) => q.method === 'POST');
    assert.equal(posts.length, 1);
    assert.deepEqual(graph.rows('nscpAnswers'), [{ N: 5, BotId: 'm1:p1' }]);
  });

  it('updates the same item on a later change, and keeps a change that arrived while its row was in flight', async () => {
    await put('answers/m1', 'p1', 1);
    graph.inner = (q) => {
      // The record changes while its create is on the wire.
      if (q.method === 'POST') void put('answers/m1', 'p1', 2);
      return undefined;
    };
    await r.pass();
    graph.inner = undefined;
    assert.equal((await store.collection(OUTBOX)).size(), 1, 'the newer change is still waiting');
    await drain();
    assert.deepEqual(graph.rows('nscpAnswers'), [{ N: 2, BotId: 'm1:p1' }]);
    assert.equal(graph.seen.filter((q) => q.method === 'PATCH').length, 1);
  });

  it('batches at most 20 requests', async () => {
    for (let i = 0; i < 45; i++) await put('answers/m1', `p${i}`, i);
    const sizes: number[] = [];
    const batch = graph.batch.bind(graph);
    graph.batch = (reqs) => (sizes.push(reqs.length), batch(reqs));
    await drain();
    assert.deepEqual(sizes, [20, 20, 5]);
    assert.equal(graph.rows('nscpAnswers').length, 45);
  });

  it('retries only the inner requests that got 429, after their Retry-After', async () => {
    for (let i = 0; i < 3; i++) await put('answers/m1', `p${i}`, i);
    graph.inner = (q) => ((q.body as { fields?: { BotId?: string } })?.fields?.BotId === 'm1:p1' ? { status: 429, body: {}, headers: { 'retry-after': '7' }, retryAfterMs: 7000 } : undefined);
    assert.equal(await r.pass(), 0);
    graph.inner = undefined;
    assert.deepEqual(rowsByBotId('nscpAnswers'), ['m1:p0', 'm1:p2']);
    assert.equal(r.pacer.waitFor(40, clock.now().getTime()), 7000, 'nothing goes before the Retry-After');
    await drain();
    assert.deepEqual(rowsByBotId('nscpAnswers'), ['m1:p0', 'm1:p1', 'm1:p2']);
    assert.equal(graph.seen.filter((q) => q.method === 'POST').length, 3, 'the two that succeeded were not sent again (the throttled one never reached the list)');
  });

  it('waits out a 429 on the whole batch, then sends it', async () => {
    await put('answers/m1', 'p1', 1);
    let throttles = 1;
    graph.outer = () => (throttles-- > 0 ? { status: 429, retryAfterMs: 30_000, responses: [] } : undefined);
    const start = clock.now().getTime();
    await drain();
    assert.ok(clock.now().getTime() - start >= 30_000);
    assert.deepEqual(rowsByBotId('nscpAnswers'), ['m1:p1']);
  });

  it('after a crash between create and remembering the item, looks the row up by BotId and updates it: never a second row', async () => {
    await put('answers/m1', 'p1', 1);
    await drain();
    // As if the item id was never kept: the next run only knows the outbox entry.
    await (await store.collection('replica-items/nscpanswers')).remove('m1:p1');
    await put('answers/m1', 'p1', 2);
    await drain();
    assert.deepEqual(graph.rows('nscpAnswers'), [{ N: 2, BotId: 'm1:p1' }]);
    assert.deepEqual(
      graph.seen.filter((q) => !q.url.includes('/lists?$select=id,name')).map((q) => q.method),
      ['POST', 'POST', 'GET', 'PATCH'],
    );
  });

  it('removes the row when the record is removed (erasure)', async () => {
    await put('answers/m1', 'p1', 1);
    await put('answers/m1', 'p2', 1);
    await drain();
    await (await store.collection('answers/m1')).remove('p1');
    await drain();
    assert.deepEqual(rowsByBotId('nscpAnswers'), ['m1:p2']);
  });

  it('stops a list that was deleted by hand and says how to fix it, keeping its entries; other lists carry on', async () => {
    graph.lists.delete('list-1');
    await put('answers/m1', 'p1', 1);
    await put('notes', 'x', 1);
    await drain(60_000);
    assert.deepEqual(rowsByBotId('nscpNotes'), ['x']);
    const s = r.status();
    assert.equal(s.state, 'failing');
    assert.ok(s.state === 'failing' && /NSCP answers.*npm run graph:provision/.test(s.reason), JSON.stringify(s));
    assert.equal(s.state === 'failing' && s.waiting, 1);
    assert.equal(s.state === 'failing' && s.since, '2026-03-02T09:00:00.000Z');
  });

  it('says the app has no access when the site answers 403, and recovers by itself once access is granted', async () => {
    graph.inner = () => ({ status: 403, body: { error: { code: 'accessDenied', message: 'Access denied' } }, headers: {} });
    await put('answers/m1', 'p1', 1);
    await drain(10_000);
    const s = r.status();
    assert.ok(s.state === 'failing' && /no access/.test(s.reason), JSON.stringify(s));
    graph.inner = undefined;
    await drain();
    assert.deepEqual(rowsByBotId('nscpAnswers'), ['m1:p1']);
    assert.deepEqual(r.status(), { state: 'in step' });
  });

  it('rides out an outage (Graph unreachable) and syncs every row once afterwards', async () => {
    let down = true;
    graph.outer = () => (down ? new GraphUnreachable('connect ECONNREFUSED') : undefined);
    for (let i = 0; i < 30; i++) await put('answers/m1', `p${i}`, i);
    await drain(10 * 60_000);
    const s = r.status();
    assert.ok(s.state === 'failing' && /cannot be reached/.test(s.reason));
    down = false;
    await drain();
    assert.equal(rowsByBotId('nscpAnswers').length, 30);
    assert.equal(new Set(rowsByBotId('nscpAnswers')).size, 30);
  });

  it('queues records stored before the replica was switched on, once', async () => {
    const s2 = new MemoryStore(clock);
    await (await s2.collection<Answer>('answers/m9')).put({ id: 'old', n: 1 });
    store = s2;
    await open();
    await drain();
    assert.deepEqual(rowsByBotId('nscpAnswers'), ['m9:old']);
    await open();
    assert.equal((await store.collection(OUTBOX)).size(), 0, 'a second start does not queue them again');
  });

  it('sends anonymous records last and in the order of their ids, not in the order they came', async () => {
    const feedback: ReplicaSource<Answer> = { list: { list: 'nscpNotes', displayName: 'NSCP notes', columns: [] }, collection: 'feedback', row: (d) => ({ N: d.n }), anonymous: true };
    replica = new Replica();
    replica.add(answers, feedback);
    r = await Replicator.open({ store, graph, replica, siteId: 'site-1', clock, log: silentLogger, resourceUnitsPerMinute: 1200, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    for (const id of ['f9', 'f5', 'f7', 'f1']) await put('feedback', id, 1);
    await put('answers/m1', 'p1', 1);
    const outbox = await store.collection<{ id: string; since?: string }>(OUTBOX);
    assert.ok(outbox.values().filter((e) => e.id.startsWith('nscpNotes')).every((e) => e.since === undefined), 'no time kept');
    await drain();
    assert.deepEqual(graph.rows('nscpNotes').map((f) => f.BotId), ['f1', 'f5', 'f7', 'f9']);
  });

  it('paces a backlog to the budget: at least 90% of it, never more in any minute', async () => {
    await open(1200);
    for (let i = 0; i < 1500; i++) await put('answers/m1', `p${i}`, i);
    const spent: Array<{ at: number; units: number }> = [];
    const batch = graph.batch.bind(graph);
    graph.batch = (reqs) => (spent.push({ at: clock.now().getTime(), units: reqs.length * 2 }), batch(reqs));
    const start = clock.now().getTime();
    await drain();
    const minutes = (clock.now().getTime() - start) / 60_000;
    assert.equal(graph.rows('nscpAnswers').length, 1500);
    const rate = 3000 / minutes;
    assert.ok(rate >= 0.9 * 1200 && rate <= 1200, `${rate.toFixed(0)} units a minute`);
    for (const s of spent) {
      const inWindow = spent.filter((o) => o.at >= s.at && o.at < s.at + 60_000).reduce((a, o) => a + o.units, 0);
      assert.ok(inWindow <= 1200, `${inWindow} units in the minute from ${s.at - start} ms`);
    }
  });
});

describe('ResourcePacer', () => {
  it('spreads units evenly after one batch early, and a pause holds everything', () => {
    const p = new ResourcePacer(1200, 40, 1);
    assert.equal(p.waitFor(40, 0), 0);
    p.spend(40, 0);
    assert.equal(p.waitFor(40, 0), 0, 'one batch may go early');
    p.spend(40, 0);
    assert.equal(p.waitFor(40, 0), 2000, '40 units at 20 a second');
    p.pause(5000);
    assert.equal(p.waitFor(40, 2000), 3000);
  });
});
