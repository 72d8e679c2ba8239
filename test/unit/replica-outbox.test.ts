import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../services/logger.js';
import { FileStore, MemoryStore } from '../../services/store/file-store.js';
import { OUTBOX, type OutboxEntry, type OutboxRule } from '../../services/store/outbox.js';
import type { Store } from '../../services/store/store.js';

interface Answer {
  id: string;
  n: number;
}

const rule: OutboxRule = (collection, id) => (collection.startsWith('rsvps/') ? { list: 'nscpRsvps', botId: `${collection.slice(6)}:${id}` } : undefined);

function clockAt(iso: string) {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe('Replica outbox (in the store, in the same durable write as the change)', () => {
  let dir: string;
  let stores: FileStore[] = [];
  const storeOn = (folder: string, clock = clockAt('2026-03-02T09:00:00Z')) => {
    const s = new FileStore(folder, { log: silentLogger, clock });
    s.setOutbox(rule);
    stores.push(s);
    return s;
  };
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'outbox-'))));
  afterEach(async () => {
    for (const s of stores.reverse()) await s.close();
    stores = [];
    rmSync(dir, { recursive: true, force: true });
  });

  const journalText = () => readdirSync(path.join(dir, 'journal')).map((f) => readFileSync(path.join(dir, 'journal', f), 'utf8')).join('');

  it('writes the change and its outbox entry as one journal line, and a new process gets both back', async () => {
    const a = storeOn(dir);
    await (await a.collection<Answer>('rsvps/m1')).put({ id: 'p1', n: 1 });
    await (await a.collection<Answer>('people')).put({ id: 'x', n: 2 });
    const lines = journalText().trim().split('\n').map((l) => JSON.parse(l) as { c: string; o?: OutboxEntry });
    assert.equal(lines.length, 2, 'one line per change: no separate outbox line');
    assert.equal(lines[0].c, 'rsvps/m1');
    assert.equal(lines[0].o?.id, 'nscpRsvps|m1:p1', 'the outbox entry rides in the change line');
    assert.equal(lines[1].o, undefined, 'a collection with no list causes no entry');
    // No flush: as if the process died right after confirming.
    const b = storeOn(dir);
    const outbox = await b.collection<OutboxEntry>(OUTBOX);
    assert.deepEqual(
      outbox.values().map((e) => [e.id, e.c, e.docId]),
      [['nscpRsvps|m1:p1', 'rsvps/m1', 'p1']],
    );
    assert.equal((await b.collection<Answer>('rsvps/m1')).get('p1')?.n, 1);
  });

  it('keeps neither when the line was torn by a crash mid-append', async () => {
    const a = storeOn(dir);
    await (await a.collection<Answer>('rsvps/m1')).put({ id: 'p1', n: 1 });
    const file = path.join(dir, 'journal', readdirSync(path.join(dir, 'journal')).find((f) => f.endsWith('.log'))!);
    appendFileSync(file, '{"c":"rsvps/m1","op":"put","id":"p2","doc":{"id":"p2","n":2},"o":{"id":"nscpRsvps|m1:p2"');
    const b = storeOn(dir);
    assert.equal((await b.collection<Answer>('rsvps/m1')).get('p2'), undefined);
    assert.deepEqual((await b.collection<OutboxEntry>(OUTBOX)).values().map((e) => e.id), ['nscpRsvps|m1:p1']);
  });

  it('survives a checkpoint: the outbox file is written with the collection files', async () => {
    const a = storeOn(dir);
    await (await a.collection<Answer>('rsvps/m1')).put({ id: 'p1', n: 1 });
    await a.flush();
    assert.equal(journalText(), '', 'the journal was dropped at the checkpoint');
    const b = storeOn(dir);
    assert.deepEqual((await b.collection<OutboxEntry>(OUTBOX)).values().map((e) => e.id), ['nscpRsvps|m1:p1']);
  });

  for (const kind of ['FileStore', 'MemoryStore'] as const) {
    describe(kind, () => {
      let store: Store;
      let clock: ReturnType<typeof clockAt>;
      beforeEach(() => {
        clock = clockAt('2026-03-02T09:00:00Z');
        store = kind === 'FileStore' ? storeOn(dir, clock) : new MemoryStore(clock);
        store.setOutbox(rule);
      });

      it('coalesces several changes to one record into one entry, keeping when the oldest was made', async () => {
        const c = await store.collection<Answer>('rsvps/m1');
        await c.put({ id: 'p1', n: 1 });
        const first = (await store.collection<OutboxEntry>(OUTBOX)).get('nscpRsvps|m1:p1')!;
        clock.advance(60_000);
        await c.put({ id: 'p1', n: 2 });
        await c.put({ id: 'p2', n: 3 });
        const outbox = await store.collection<OutboxEntry>(OUTBOX);
        assert.equal(outbox.size(), 2);
        const e = outbox.get('nscpRsvps|m1:p1')!;
        assert.equal(e.since, '2026-03-02T09:00:00.000Z', 'the backlog age counts from the first change waiting');
        assert.notEqual(e.rev, first.rev, 'a newer change gets a new rev, so an upsert in flight cannot clear it');
      });

      it('queues a removal too (the row is then removed in SharePoint)', async () => {
        const c = await store.collection<Answer>('rsvps/m1');
        await c.put({ id: 'p1', n: 1 });
        const outbox = await store.collection<OutboxEntry>(OUTBOX);
        await outbox.remove('nscpRsvps|m1:p1');
        await c.remove('p1');
        assert.deepEqual(outbox.values().map((e) => [e.id, e.docId]), [['nscpRsvps|m1:p1', 'p1']]);
      });
    });
  }

  it('writes no outbox entry when no rule is set (the replica is off)', async () => {
    const s = new FileStore(dir, { log: silentLogger });
    stores.push(s);
    await (await s.collection<Answer>('rsvps/m1')).put({ id: 'p1', n: 1 });
    assert.equal((await s.collection<OutboxEntry>(OUTBOX)).size(), 0);
    assert.ok(!journalText().includes('"o"'));
  });
});
