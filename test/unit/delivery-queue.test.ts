import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { openServices, type AppServices } from '../support/services.js';
import { TransportError, type NewDelivery } from '../../services/delivery/deliveries.js';
import { silentLogger } from '../../services/logger.js';
import { FileStore } from '../../services/store/file-store.js';
import { RecordingTransport, memoryServices, seedPeople, testConfig } from '../support/services.js';

const systemTime = { now: () => new Date() };

function reminder(personId: string, n = 0): NewDelivery {
  return { id: `reminder:m1:r${n}:${personId}`, campaign: 'meeting-m1', personId, kind: 'meeting-reminder', op: 'send', subjectId: 'm1', ruleId: `r${n}` };
}

describe('DeliveryQueue', () => {
  let timers: sinon.SinonFakeTimers;
  beforeEach(() => {
    timers = sinon.useFakeTimers({ now: Date.parse('2025-05-16T09:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => timers.restore());

  async function setup(people: number, transport = new RecordingTransport()): Promise<{ s: AppServices; transport: RecordingTransport; emails: string[] }> {
    const s = await memoryServices(systemTime, testConfig(), transport);
    const emails = Array.from({ length: people }, (_, i) => `p${i}@x.org`);
    await seedPeople(s, emails.map((email) => ({ email, name: email, org: 'Org', groups: 'LSCG South' })));
    s.queue.start();
    return { s, transport, emails };
  }

  it('sends at most 50 a second in all', async () => {
    const { s, transport, emails } = await setup(120);
    await s.queue.enqueue(emails.map((e) => reminder(e)));
    await timers.tickAsync(10);
    assert.equal(transport.delivered.length, 50);
    await timers.tickAsync(1000);
    assert.equal(transport.delivered.length, 100);
    await timers.tickAsync(1000);
    assert.equal(transport.delivered.length, 120);
  });

  it('sends at most 7 a second to any one conversation, while others carry on', async () => {
    const { s, transport } = await setup(2);
    await s.queue.enqueue([...Array.from({ length: 10 }, (_, i) => reminder('p0@x.org', i)), reminder('p1@x.org')]);
    await timers.tickAsync(10);
    assert.equal(transport.delivered.filter((d) => d.delivery.personId === 'p0@x.org').length, 7);
    assert.equal(transport.delivered.filter((d) => d.delivery.personId === 'p1@x.org').length, 1);
    await timers.tickAsync(1000);
    assert.equal(transport.delivered.length, 11);
  });

  it('waits out Retry-After on 429, then sends and records the activity id', async () => {
    const { s, transport } = await setup(1);
    transport.failures.push(new TransportError('throttled', '429 Throttled', 3000));
    await s.queue.enqueue([reminder('p0@x.org')]);
    await timers.tickAsync(2900);
    assert.equal(transport.delivered.length, 0);
    const waiting = (await s.queue.records('meeting-m1'))[0];
    assert.equal(waiting.status, 'queued');
    assert.match(waiting.lastError ?? '', /throttled/);
    await timers.tickAsync(200);
    assert.equal(transport.delivered.length, 1);
    const done = (await s.queue.records('meeting-m1'))[0];
    assert.equal(done.status, 'sent');
    assert.equal(done.activityId, 'act-1');
    assert.equal(done.attempts, 1, 'being throttled does not use up an attempt');
  });

  it('holds every send, not only the throttled one, until Retry-After has passed', async () => {
    const { s, transport, emails } = await setup(3);
    transport.failures.push(new TransportError('throttled', '429 Throttled', 2000));
    await s.queue.enqueue([reminder(emails[0])]);
    await timers.tickAsync(10);
    await s.queue.enqueue([reminder(emails[1]), reminder(emails[2])]);
    await timers.tickAsync(1900);
    assert.equal(transport.delivered.length, 0);
    await timers.tickAsync(200);
    assert.equal(transport.delivered.length, 3);
  });

  it('retries server errors with back-off growing to minutes, and records failure after the last attempt', async () => {
    const { s, transport } = await setup(1);
    for (let i = 0; i < 5; i++) transport.failures.push(new TransportError('transient', '500 ServiceError'));
    await s.queue.enqueue([reminder('p0@x.org')]);
    await timers.tickAsync(10);
    // attempt 1 at 0 s; then after 15 s, 1 min, 4 min and 16 min.
    const s15 = 15_000;
    for (const [at, attempts] of [[s15 - 10, 1], [s15 + 10, 2], [s15 + 60_000 + 10, 3], [s15 + 300_000 + 10, 4], [s15 + 1_260_000 + 10, 5]] as const) {
      await timers.tickAsync(at - (Date.now() - Date.parse('2025-05-16T09:00:00Z')));
      assert.equal((await s.queue.records('meeting-m1'))[0].attempts, attempts, `attempts by ${at} ms`);
    }
    const d = (await s.queue.records('meeting-m1'))[0];
    assert.equal(d.status, 'failed');
    assert.match(d.lastError ?? '', /500/);
    assert.equal(transport.delivered.length, 0);
  });

  it('records a 403 as blocked, marks the person unreachable and sends them nothing more', async () => {
    const { s, transport } = await setup(1);
    transport.failures.push(new TransportError('blocked', '403 ConversationBlockedByUser'));
    await s.queue.enqueue([reminder('p0@x.org', 0)]);
    await timers.tickAsync(10);
    assert.equal((await s.queue.records('meeting-m1'))[0].status, 'blocked');
    assert.equal(s.people.installationOf('p0@x.org')?.status, 'blocked');
    await s.queue.enqueue([reminder('p0@x.org', 1)]);
    await timers.tickAsync(10);
    assert.equal(transport.delivered.length, 0);
    assert.equal((await s.queue.records('meeting-m1')).find((d) => d.ruleId === 'r1')?.status, 'blocked');
  });

  it('records "not installed" for a person with no conversation, and queues the same id only once', async () => {
    const { s, transport } = await setup(0);
    await seedPeople(s, [{ email: 'q@x.org', name: 'Q', org: 'O', groups: 'LSCG South', installed: false }]);
    assert.equal(await s.queue.enqueue([reminder('q@x.org')]), 1);
    await timers.tickAsync(10);
    assert.equal((await s.queue.records('meeting-m1'))[0].status, 'not-installed');
    assert.equal(await s.queue.enqueue([reminder('q@x.org')]), 0, 'still nowhere to send it');
    await s.people.recordInstallation({ id: '29:q', email: 'q@x.org', reference: {} });
    assert.equal(await s.queue.enqueue([reminder('q@x.org')]), 1, 'sendable now');
    await timers.tickAsync(10);
    assert.equal(transport.delivered.length, 1);
    assert.equal(await s.queue.enqueue([reminder('q@x.org')]), 0, 'never twice');
  });
});

describe('DeliveryQueue across restarts', () => {
  it('sends what was queued before a restart, and never re-sends one interrupted mid-send', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'queue-'));
    const stores: FileStore[] = [];
    const storeOn = (folder: string) => {
      const s = new FileStore(folder, { log: silentLogger });
      stores.push(s);
      return s;
    };
    let second: AppServices | undefined;
    try {
      // One send a second: a is in flight when b is queued, so b is still waiting at the "crash".
      const config = testConfig({ DATA_DIR: dir, SEND_MAX_PER_SECOND: '1' });
      const hang = { deliver: () => new Promise<never>(() => {}) };
      const first = await openServices({ config, store: storeOn(dir), clock: systemTime, log: silentLogger, transport: hang });
      await seedPeople(first, [
        { email: 'a@x.org', name: 'A', org: 'O', groups: 'LSCG South' },
        { email: 'b@x.org', name: 'B', org: 'O', groups: 'LSCG South' },
      ]);
      first.queue.start();
      await first.queue.enqueue([reminder('a@x.org'), reminder('b@x.org')]);
      await new Promise((r) => setTimeout(r, 50));
      await first.store.flush();
      void first.queue.stop(); // stops its timer; a's send never returns
      // "Crash": a new process opens the same folder while a's send never returned.
      const transport = new RecordingTransport();
      second = await openServices({ config, store: storeOn(dir), clock: systemTime, log: silentLogger, transport });
      second.queue.start();
      await second.queue.idle();
      const records = await second.queue.records('meeting-m1');
      assert.equal(records.find((d) => d.personId === 'a@x.org')?.status, 'failed');
      assert.match(records.find((d) => d.personId === 'a@x.org')?.lastError ?? '', /interrupted/);
      assert.deepEqual(transport.delivered.map((d) => d.delivery.personId), ['b@x.org']);
    } finally {
      await second?.queue.stop();
      // Release the journals (the first store's too: a crashed process's files are closed by the system).
      for (const s of stores.reverse()) await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
