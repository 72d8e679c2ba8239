import assert from 'node:assert/strict';
import { meetingCampaign } from '../../services/features/meetings/meeting-reminders.js';
import { serverError, startFakeConnector, throttled, type FakeConnector } from '../support/fake-connector.js';
import { makeUser, startHarness, type Harness } from '../support/bot-harness.js';
import { busiestSecond } from '../support/busiest-second.js';

const CEILING = 5;
const PEOPLE = 20;
const users = Array.from({ length: PEOPLE }, (_, i) => makeUser(`R${i}`, i, `r${i}@x.example`, `Rate Person${i}`));


// Teams counts every HTTP request against its limits, retries included. botbuilder's connector
// client used to retry 429 and 5xx by itself, out of sight of the queue's limiter, so a burst of
// errors pushed the connector over the ceiling. Every attempt now is one request under the limiter.
describe('proactive sends under a burst of 429s and 500s', function () {
  this.timeout(40_000);
  let fake: FakeConnector;
  let h: Harness;

  before(async () => {
    fake = await startFakeConnector();
    h = await startHarness({ fake, env: { SEND_MAX_PER_SECOND: String(CEILING) } });
    for (const u of users) await h.install(u);
    const people = h.bot.services.people;
    const { importId } = await people.previewImport(users.map((u) => `${u.email}\t${u.name}\tOrg\tLSCG South`).join('\n'), 'test');
    await people.applyImport(importId, 'test');
  });
  after(async () => {
    await h?.close();
    await fake?.close();
  });

  it('never lets the connector see more than the ceiling in any one second, and each failed attempt is one request', async () => {
    const date = new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10);
    const meeting = await h.bot.services.meetings.schedule({ groupId: 'lscg-south', date, time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/rate', agenda: 'Welcome' }, 'test');
    await h.settle();
    fake.reset();
    const sends = { method: 'POST', pathIncludes: '/activities' };
    fake.failNext(sends, throttled(1), 6);
    fake.failNext(sends, serverError(), 4);
    const campaign = meetingCampaign(meeting.id);
    await h.bot.services.queue.enqueue(users.map((u) => ({ id: `rate:${meeting.id}:${u.email}`, campaign, personId: u.email, kind: 'meeting-reminder', op: 'send' as const, subjectId: meeting.id, ruleId: '7-day' })));
    await h.settle(30_000);

    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path.includes('/activities'));
    assert.equal(posts.filter((r) => r.status === 429).length, 6);
    assert.equal(posts.filter((r) => r.status === 500).length, 4);
    assert.equal(posts.length, PEOPLE + 10, 'one request per attempt: no retries inside the connector client');
    assert.ok(busiestSecond(posts) <= CEILING, `the connector saw ${busiestSecond(posts)} requests in one second; the ceiling is ${CEILING}`);
    for (const u of users) assert.equal(fake.sentActivities().filter((s) => s.conversationId === u.conversationId).length, 1, `${u.email} got it once`);
    const records = (await h.bot.services.queue.records(campaign)).filter((d) => d.id.startsWith('rate:'));
    assert.deepEqual([...new Set(records.map((d) => d.status))], ['sent']);
  });
});
