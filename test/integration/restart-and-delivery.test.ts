import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VERBS } from '../support/verbs.js';
import { meetingCampaign } from '../../services/features/meetings/meeting-reminders.js';
import type { Delivery } from '../../services/delivery/deliveries.js';
import { blockedByUser, startFakeConnector, throttled, type FakeConnector } from '../support/fake-connector.js';
import { cardText, makeUser, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';
import { canListOpenFiles, openFilesUnder } from '../support/open-files.js';

const bu = makeUser('A', 1, 'bu@norfolk.gov.uk', 'Business Unit');
const ann = makeUser('B', 2, 'ann@x.example', 'Ann Able');
const bob = makeUser('C', 3, 'bob@x.example', 'Bob Baker');
const cat = makeUser('D', 4, 'cat@x.example', 'Cat Carter');
const rows = ['ann@x.example\tAnn Able\tNCC\tLSCG Breckland', 'bob@x.example\tBob Baker\tPolice\tLSCG Breckland', 'cat@x.example\tCat Carter\tHealth\tLSCG Breckland'].join('\n');

async function importRows(h: Harness): Promise<void> {
  const preview = await h.press(bu, VERBS.rosterPreview, { rows });
  const importId = preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId;
  await h.press(bu, VERBS.rosterApply, { importId });
}

const reminderCount = (fake: FakeConnector, user: { conversationId: string }) =>
  fake.sentActivities().filter((s) => s.conversationId === user.conversationId && /Will you be there|Your reply/.test(JSON.stringify(s.activity)) && /Reminder/.test(String((s.activity as { summary?: string }).summary))).length;

// One story in steps, run in order on one data folder: each step starts where the one before left
// the bot (and the clock). A failed step can make later ones fail too, but each fails on its own.
describe('restarts: no reminder twice, answers kept, missed reminders sent at start', function () {
  this.timeout(60000);
  let dir: string;
  let fake: FakeConnector;
  let h: Harness;
  const clock = new ShiftedClock('2025-10-15T12:00:00Z');
  let meetingId = '';

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nscp-restart-'));
    fake = await startFakeConnector();
    h = await startHarness({ clock, dataDir: dir, fake, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
  });
  after(async () => {
    await h?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a week before a meeting, each member of the group is sent the 7-day reminder', async () => {
    for (const u of [bu, ann, bob]) await h.install(u);
    await importRows(h);
    // Monday 27 October 2025 10:30 GMT: the clocks go back on Sunday 26 October.
    await h.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-breckland', date: '2025-10-27', time: '10:30', mode: 'in-person', venue: 'Breckland House, Thetford', agenda: 'Welcome' });
    meetingId = h.bot.services.meetings.upcoming()[0].id;
    clock.set('2025-10-20T08:00:30Z'); // 09:00:30 BST, a week before
    await h.bot.services.reminders.tick();
    await h.settle();
    assert.equal(reminderCount(fake, ann), 1);
    assert.equal(reminderCount(fake, bob), 1);
  });

  it('after a restart, the 7-day reminder is not sent again', async () => {
    await h.press(ann, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await h.restart();
    await h.bot.services.reminders.tick();
    await h.settle();
    assert.equal(reminderCount(fake, ann), 1, 'no second 7-day reminder after a restart');
  });

  it('an answer given before the restart, the installations and the roster are all still there', async () => {
    assert.equal((await h.bot.services.rsvps.of(meetingId, 'ann@x.example'))?.response, 'attending');
    assert.equal(h.bot.services.people.personFor(bob.id)?.name, 'Bob Baker', 'installations and roster survive');
  });

  it('a stopped bot leaves none of the files in its data folder open', async function () {
    if (!canListOpenFiles) this.skip(); // open files are read from Linux's /proc
    assert.ok(openFilesUnder(dir).length > 0, 'the running bot has its journal open');
    await h.bot.stop();
    assert.deepEqual(openFilesUnder(dir), []);
  });

  it('started at 08:59 GMT on the day the clocks go back, the bot does not send the 1-day reminder yet', async () => {
    await h.bot.stop();
    clock.set('2025-10-26T08:59:00Z'); // 08:59 GMT on the day the clocks went back: not yet due
    await h.restart();
    await h.settle();
    assert.equal(reminderCount(fake, bob), 1);
  });

  it('started after 09:00 GMT, the bot sends the 1-day reminder that fell due while it was down', async () => {
    await h.bot.stop();
    clock.set('2025-10-26T11:00:00Z'); // due at 09:00 GMT; the bot was down then
    await h.restart(); // startBot runs a catch-up tick
    await h.settle();
    assert.equal(reminderCount(fake, bob), 2);
    assert.equal(reminderCount(fake, ann), 2);
  });

  it('each 1-day reminder sent records its activity id, and gives the meeting\'s time in GMT', async () => {
    const records = await h.bot.services.queue.records(meetingCampaign(meetingId));
    const oneDay = records.filter((d) => d.ruleId === '1-day' && d.status === 'sent');
    assert.equal(oneDay.length, 2, 'one for each member reminded');
    assert.ok(oneDay.every((d) => d.activityId), 'each sent reminder records its activity id');
    assert.match(cardText(fake.sentActivities().at(-1)!.activity), /Monday 27 October 2025, 10:30/);
  });

  it('a member who installs after the 1-day reminder went is sent it once', async () => {
    // Cat installs after the 1-day reminder went: the install itself makes her due it, once.
    await h.install(cat);
    await h.bot.services.reminders.tick();
    await h.settle();
    assert.equal(reminderCount(fake, cat), 1);
  });

  let changeNotices: Delivery[] = [];
  it('a change notice throttled four times in a row is sent once Retry-After has passed', async () => {
    // Moving the meeting sends change notices. Ann's conversation throttles four attempts in a
    // row; botbuilder's own retries are off for proactive sends, so each 429 is one attempt of
    // our queue, which waits out Retry-After and tries again. Bob has blocked the bot: 403.
    fake.failNext({ conversationId: ann.conversationId, method: 'POST' }, throttled(0), 4);
    fake.failNext({ conversationId: bob.conversationId }, blockedByUser(), 10);
    await h.press(bu, VERBS.meetingEdit, { meetingId, groupId: 'lscg-breckland', date: '2025-10-27', time: '11:00', mode: 'in-person', venue: 'Breckland House, Thetford', agenda: 'Welcome' });
    await h.settle();
    changeNotices = await h.bot.services.queue.records(meetingCampaign(meetingId));
    const annNotice = changeNotices.find((d) => d.personId === 'ann@x.example' && d.kind === 'meeting-changed');
    assert.equal(annNotice?.status, 'sent');
    const annPosts = fake.requests.filter((r) => r.conversationId === ann.conversationId && r.method === 'POST');
    assert.equal(annPosts.filter((r) => r.status === 429).length, 4, 'four attempts throttled, one request each');
    assert.equal(annPosts.at(-1)?.status, 201, 'then our queue waited out Retry-After and sent it');
  });

  it('a member who has blocked the bot is recorded as blocked, and marked so', async () => {
    assert.ok(changeNotices.some((d) => d.personId === 'bob@x.example' && d.status === 'blocked'));
    assert.equal(h.bot.services.people.installationOf('bob@x.example')?.status, 'blocked');
  });

  it('the attendance card shows the business unit who cannot be reached', async () => {
    const attendance = await h.press(bu, VERBS.meetingAttendance, { meetingId });
    assert.match(cardText(attendance.card), /Bob Baker, Police \(blocked\)/);
  });
});
