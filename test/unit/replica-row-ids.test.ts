import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { silentLogger } from '../../services/logger.js';
import { Replica } from '../../services/replica/replica.js';
import type { ReplicaSource } from '../../services/replica/replica-spec.js';
import { Replicator } from '../../services/replica/replicator.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { FakeGraphPort } from '../support/fake-graph-port.js';
import { ManualClock } from '../support/services.js';

const EMAIL = 'helen@norfolk.gov.uk';
const byPerson = (list: string, collection: string): ReplicaSource<{ id: string }> => ({
  list: { list, displayName: list, columns: [] },
  collection,
  botId: (c, id, opaque) => `${c.split('/')[1]}:${opaque(id)}`,
  row: () => ({}),
});

async function botIds(store: MemoryStore): Promise<{ rsvp: string; ack: string }> {
  const replica = new Replica();
  const rsvps = byPerson('nscpRsvps', 'rsvps');
  const acks = byPerson('nscpNewsletterReplies', 'newsletter-acks');
  replica.add(rsvps, acks);
  const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
  await Replicator.open({ store, graph: new FakeGraphPort(['nscpRsvps', 'nscpNewsletterReplies']), replica, siteId: 'site-1', clock, log: silentLogger, resourceUnitsPerMinute: 1200, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  return { rsvp: replica.botIdOf(rsvps, 'rsvps/m1', EMAIL), ack: replica.botIdOf(acks, 'newsletter-acks/i1', EMAIL) };
}

describe('Replica row ids (BotId) for records keyed by a person', () => {
  it('are keyed per data folder: not the bare hash of the email, nor the same from another folder, and stable across restarts', async () => {
    const store = new MemoryStore();
    const first = await botIds(store);
    const unkeyed = createHash('sha256').update(EMAIL).digest('base64url').slice(0, 22);
    assert.notEqual(first.rsvp, `m1:${unkeyed}`, 'anyone with the roster could hash the email and find the row');
    assert.ok(!first.rsvp.includes(EMAIL));
    assert.deepEqual(await botIds(store), first, 'the same folder keeps its key: rows are upserted, not duplicated');
    assert.notEqual((await botIds(new MemoryStore())).rsvp, first.rsvp, 'another data folder has another key');
  });

  it('differ per list, so one person\'s rows cannot be linked across lists', async () => {
    const { rsvp, ack } = await botIds(new MemoryStore());
    assert.notEqual(rsvp.split(':')[1], ack.split(':')[1]);
  });

  it('keep the key in the store (so in its backups), random, and nowhere in the log', async () => {
    const store = new MemoryStore();
    const lines: string[] = [];
    const replica = new Replica();
    await Replicator.open({ store, graph: new FakeGraphPort([]), replica, siteId: 'site-1', clock: new ManualClock(0), log: { ...silentLogger, info: (e, f) => lines.push(JSON.stringify([e, f])), warn: (e, f) => lines.push(JSON.stringify([e, f])), error: (e, f) => lines.push(JSON.stringify([e, f])) }, resourceUnitsPerMinute: 1200, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const kept = (await store.collection<{ id: string; key: string }>('replica-state')).get('row-id-key')?.key;
    assert.ok(kept && Buffer.from(kept, 'base64url').length === 32, '32 random bytes');
    assert.ok(!lines.some((l) => l.includes(kept)));
  });
});
