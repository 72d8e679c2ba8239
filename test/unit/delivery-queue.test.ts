import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { openServices, type AppServices } from '../support/services.js';
import { TransportError, type Delivery, type NewDelivery } from '../../services/delivery/deliveries.js';
import type { Installation } from '../../services/people/people.js';
import { busiestSecond } from '../support/busiest-second.js';
import type { RecordedRequest } from '../support/fake-connector.js';
import { silentLogger } from '../../services/logger.js';
import { FileStore } from '../../services/store/file-store.js';
import { CardsInChats } from '../support/cards-in-chats.js';
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

  it('sends at most 50 a second in all, spaced evenly', async () => {
    const { s, transport, emails } = await setup(120);
    await s.queue.enqueue(emails.map((e) => reminder(e)));
    // Windows are 1,040 ms (a send reaches Teams a little after its request is written), and once a
    // window is half full sends go one every 20.8 ms, so a few ms of delay cannot bunch them up.
    const counts: number[] = [];
    for (let t = 0; t < 3000; t += 5) {
      await timers.tickAsync(5);
      counts.push(transport.delivered.length);
    }
    for (let i = 208; i < counts.length; i++) assert.ok(counts[i] - counts[i - 208] <= 50, `${counts[i] - counts[i - 208]} sends in the 1,040 ms to ${i * 5 + 5} ms`);
    assert.ok(counts[0] <= 25 && counts[39] <= 35, `half the ceiling at once, then paced: ${counts[0]} at once, ${counts[39]} in 200 ms`);
    assert.ok(counts[199] >= 45, `${counts[199]} in the first second`);
    assert.equal(counts.at(-1), 120);
  });

  it('counts each request when it is written, however long preparing it took', async () => {
    // Rendering, the disk and the token take a varying time before each request: 0-200 ms here.
    // Counted before that, requests prepared slowly would be written among later ones.
    let seed = 7;
    const written: number[] = [];
    const slow = {
      async deliver(_d: Delivery, _i: Installation, beforeRequest: () => Promise<void>) {
        seed = (seed * 16807) % 2147483647;
        await new Promise((r) => setTimeout(r, seed % 200));
        await beforeRequest();
        written.push(Date.now());
        return { activityId: `act-${written.length}` };
      },
    };
    const s = await memoryServices(systemTime, testConfig(), slow);
    const emails = Array.from({ length: 300 }, (_, i) => `p${i}@x.org`);
    await seedPeople(s, emails.map((email) => ({ email, name: email, org: 'Org', groups: 'LSCG South' })));
    s.queue.start();
    await s.queue.enqueue(emails.map((e) => reminder(e)));
    await timers.tickAsync(12_000);
    assert.equal(written.length, 300);
    assert.ok(busiestSecond(written.map((at) => ({ at }) as RecordedRequest)) <= 50);
    for (let i = 50; i < written.length; i++) assert.ok(written[i] - written[i - 50] >= 1040, `51 requests within ${written[i] - written[i - 50]} ms`);
    const rate = 250 / ((written[299] - written[49]) / 1000);
    assert.ok(rate > 47, `${rate.toFixed(1)} requests a second once under way`);
  });

  it('sends at most 7 a second to any one conversation, while others carry on', async () => {
    const { s, transport } = await setup(2);
    await s.queue.enqueue([...Array.from({ length: 10 }, (_, i) => reminder('p0@x.org', i)), reminder('p1@x.org')]);
    await timers.tickAsync(400);
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

  it('retries server errors after 1 s, then with back-off growing to minutes, and records failure after the last attempt', async () => {
    // The connector client no longer retries within an attempt (its 0.5-4 s retries are gone),
    // so the queue's first two retries are as quick as those were, and the default is six attempts.
    const { s, transport } = await setup(1);
    for (let i = 0; i < 6; i++) transport.failures.push(new TransportError('transient', '500 ServiceError'));
    await s.queue.enqueue([reminder('p0@x.org')]);
    await timers.tickAsync(10);
    // attempt 1 at 0 s; then after 1 s, 4 s, 1 min, 4 min and 16 min: over 21 minutes in all.
    const s1 = 1_000;
    const s5 = s1 + 4_000;
    for (const [at, attempts] of [[s1 - 10, 1], [s1 + 10, 2], [s5 - 10, 2], [s5 + 10, 3], [s5 + 60_000 - 10, 3], [s5 + 60_000 + 10, 4], [s5 + 300_000 + 10, 5], [s5 + 1_260_000 - 10, 5], [s5 + 1_260_000 + 10, 6]] as const) {
      await timers.tickAsync(at - (Date.now() - Date.parse('2025-05-16T09:00:00Z')));
      assert.equal((await s.queue.records('meeting-m1'))[0].attempts, attempts, `attempts by ${at} ms`);
    }
    const d = (await s.queue.records('meeting-m1'))[0];
    assert.equal(d.status, 'failed');
    assert.match(d.lastError ?? '', /500/);
    assert.equal(transport.delivered.length, 0);
  });

  it('holds only the throttled send when a 429 comes among many successes, and everything when Teams throttles the app', async () => {
    const { s, transport, emails } = await setup(40);
    // One 429 among the first 20 answers: one conversation's limit, not the app's.
    transport.failures.push(...Array.from({ length: 19 }, () => null), new TransportError('throttled', '429 Throttled', 1000));
    await s.queue.enqueue(emails.slice(0, 20).map((e) => reminder(e)));
    await timers.tickAsync(500);
    assert.equal(transport.delivered.length, 19);
    await s.queue.enqueue(emails.slice(20, 30).map((e) => reminder(e)));
    await timers.tickAsync(300);
    assert.equal(transport.delivered.length, 29, 'the others were not held');
    await timers.tickAsync(1000);
    assert.equal(transport.delivered.length, 30, 'the throttled one went after Retry-After');
    // Seconds later, with no other answers in the last second, a 429 is all Teams is saying: everything waits.
    await timers.tickAsync(2000);
    transport.failures.push(new TransportError('throttled', '429', 2000));
    await s.queue.enqueue([reminder(emails[30])]);
    await timers.tickAsync(10);
    await s.queue.enqueue(emails.slice(31, 40).map((e) => reminder(e)));
    await timers.tickAsync(1900);
    assert.equal(transport.delivered.length, 30, 'held while Teams slows the whole app');
    await timers.tickAsync(500);
    assert.equal(transport.delivered.length, 40);
  });

  it('records a 403 as blocked, marks the person unreachable and sends them nothing more', async () => {
    const { s, transport } = await setup(1);
    transport.failures.push(new TransportError('blocked', '403 ConversationBlockedByUser'));
    await s.queue.enqueue([reminder('p0@x.org', 0)]);
    await timers.tickAsync(10);
    assert.equal((await s.queue.records('meeting-m1'))[0].status, 'blocked');
    assert.equal(s.people.installationOf('p0@x.org')?.status, 'blocked');
    await s.queue.enqueue([reminder('p0@x.org', 1)]);
    await timers.tickAsync(30); // sends are 20.8 ms apart
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
    await timers.tickAsync(30); // sends are 20.8 ms apart
    assert.equal(transport.delivered.length, 1);
    assert.equal(await s.queue.enqueue([reminder('q@x.org')]), 0, 'never twice');
  });
});

describe('DeliveryQueue: changes to a card', () => {
  const update = (personId: string, round: string, replaces: string, targetActivityId?: string): NewDelivery => ({ id: `update:${round}:${replaces}`, campaign: 'meeting-m1', personId, kind: 'meeting-update', op: 'update', subjectId: 'm1', replaces, targetActivityId });

  it('holds an update until the send it changes has arrived, and one change to a card at a time', async () => {
    const chats = new CardsInChats((d) => `${d.op} ${d.id}`);
    const s = await memoryServices(systemTime, testConfig(), chats);
    await seedPeople(s, [{ email: 'a@x.org', name: 'A', org: 'O', groups: 'LSCG South' }]);
    s.queue.start();
    chats.hold = (d) => d.op === 'send' || d.id.startsWith('update:v1');
    const send = reminder('a@x.org');
    await s.queue.enqueue([send]);
    await new Promise((r) => setTimeout(r, 20));
    // Queued while the send is on its way: no activity id yet.
    await s.queue.enqueue([update('a@x.org', 'v1', send.id)]);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(chats.requests.map((r) => r.op), ['send'], 'the update waits for the send');
    await chats.release();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(chats.requests.map((r) => r.op), ['send', 'update']);
    await s.queue.enqueue([update('a@x.org', 'v2', send.id, 'act-1')]);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(chats.requests.length, 2, 'the second change waits while the first is on its way');
    await chats.release();
    await s.queue.idle();
    assert.deepEqual(chats.requests.map((r) => r.text), [`send ${send.id}`, `update update:v1:${send.id}`, `update update:v2:${send.id}`]);
    assert.deepEqual([...chats.cards], [['act-1', `update update:v2:${send.id}`]]);
    const v1 = (await s.queue.records('meeting-m1')).find((d) => d.id === `update:v1:${send.id}`);
    assert.equal(v1?.targetActivityId, 'act-1', 'the update learnt the card it changes once the send arrived');
    await s.queue.stop();
  });

  it('drops an update of a card that never arrived, with the reason, and sends nothing for it', async () => {
    const chats = new CardsInChats((d) => d.id);
    const s = await memoryServices(systemTime, testConfig(), chats);
    await seedPeople(s, [{ email: 'a@x.org', name: 'A', org: 'O', groups: 'LSCG South' }]);
    s.queue.start();
    const send = reminder('a@x.org');
    let refuse = true;
    chats.hold = () => refuse;
    await s.queue.enqueue([send]);
    await new Promise((r) => setTimeout(r, 20));
    await s.queue.enqueue([update('a@x.org', 'v1', send.id)]);
    // The send is refused for good.
    const records = await s.queue.campaign('meeting-m1');
    refuse = false;
    chats.failNext = new TransportError('permanent', '400 BadArgument');
    await chats.release();
    await s.queue.idle();
    assert.equal(records.get(send.id)?.status, 'failed');
    const u = records.get(`update:v1:${send.id}`);
    assert.equal(u?.status, 'superseded');
    assert.match(u?.lastError ?? '', /never delivered \(failed\)/);
    assert.deepEqual(chats.requests.map((r) => r.op), ['send']);
    await s.queue.stop();
  });
});

describe('DeliveryQueue across restarts', () => {
  // This rule was reversed by issue 7 item 6: a send interrupted by a crash used to be recorded
  // as failed and never retried, so people missed reminders. Delivery is now at least once.
  it('sends what was queued before a restart, and sends again one interrupted mid-send, marked as maybe sent twice', async () => {
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
      const a = records.find((d) => d.personId === 'a@x.org');
      const b = records.find((d) => d.personId === 'b@x.org');
      assert.equal(a?.status, 'sent', 'the interrupted send is sent again, not lost');
      assert.equal(a?.maybeDuplicate, true);
      assert.match(a?.duplicateReason ?? '', /interrupted while sending.*may have been sent twice/);
      assert.equal(a?.lastError, undefined, 'the send itself succeeded');
      assert.equal(a?.attempts, 2, 'the interrupted attempt still counts');
      assert.equal(b?.status, 'sent');
      assert.equal(b?.maybeDuplicate, undefined, 'one that was only queued is not a possible duplicate');
      assert.deepEqual(transport.delivered.map((d) => d.delivery.personId).sort(), ['a@x.org', 'b@x.org'], 'each sent once by the new process');
    } finally {
      await second?.queue.stop();
      // Release the journals (the first store's too: a crashed process's files are closed by the system).
      for (const s of stores.reverse()) await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
