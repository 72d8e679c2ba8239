import assert from 'node:assert/strict';
import { VERBS } from '../support/verbs.js';
import { cardText, cardVerbs, makeUser, sentCard, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';
import type { Json } from '../support/json.js';

const bu = makeUser('A', 1, 'sipco@norfolk.gov.uk', 'Mark Osborn');
const helen = makeUser('B', 2, 'Helen.Bradley@nchc.nhs.uk', 'Helen Bradley');
const stuart = makeUser('C', 3, 'head@trowse.norfolk.sch.uk', 'Stuart Odell');
const ros = makeUser('D', 4, 'ros@mulberry.example', 'Ros Cutts');

const ROWS = [
  'email\tname\torganisation\tgroups',
  'helen.bradley@nchc.nhs.uk\tHelen Bradley\tNCHC\tLSCG South;Neglect champions',
  'head@trowse.norfolk.sch.uk\tStuart Odell\tTrowse Primary\tLSCG South',
  'ros@mulberry.example\tRos Cutts\tMulberry Nursery\tLSCG South',
  'louise@probation.example\tLouise Cowell\tProbation\tLSCG South',
  'west@x.example\tWest Member\tNCC\tLSCG West',
].join('\n');

describe('LSCG meeting reminders with RSVP, through the real server', function () {
  this.timeout(60000);
  let h: Harness;
  const clock = new ShiftedClock('2025-05-10T08:00:00Z');

  before(async () => {
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
  });
  after(async () => h?.close());

  it('greets a user who installs the app, stores their conversation and links them by email from the member look-up', async () => {
    const res = await h.install(bu);
    assert.equal(res.status, 200);
    const greeting = await h.fake.waitFor((r) => r.conversationId === bu.conversationId && r.method === 'POST');
    const card = sentCard(greeting.body);
    assert.match(cardText(card), /welcome to NSCP Engage/i);
    assert.ok(cardVerbs(card).includes(VERBS.meetingNewForm), 'business unit sees admin tasks');
    assert.ok(h.fake.requests.some((r) => r.route === 'getMember' && r.userId === bu.id));
    const inst = h.bot.services.people.installation(bu.id);
    assert.equal(inst?.email, 'sipco@norfolk.gov.uk');
    assert.equal(inst?.aadObjectId, bu.aadObjectId);
  });

  it('greets once when Teams announces the same install twice at the same moment', async () => {
    const twice = makeUser('F', 6, 'twice@x.example', 'Twice Installed');
    await Promise.all([h.install(twice), h.install(twice)]);
    const greetings = h.fake.sentActivities().filter((s) => s.conversationId === twice.conversationId && /welcome to NSCP Engage/.test(JSON.stringify(s.activity)));
    assert.equal(greetings.length, 1);
  });

  it('shows a member only their own tasks, and refuses a forged admin button', async () => {
    await h.install(helen);
    const menu = await h.message(helen, 'help');
    assert.equal(menu.status, 200);
    const sent = await h.fake.waitFor((r) => r.conversationId === helen.conversationId && r.method === 'POST' && /What would you like/.test(JSON.stringify(r.body)));
    assert.ok(!cardVerbs(sentCard(sent.body)).includes(VERBS.meetingNewForm));
    const forged = await h.press(helen, VERBS.meetingSchedule, { groupId: 'lscg-south', date: '2025-06-01', time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/x' });
    assert.equal(forged.status, 200);
    assert.match(cardText(forged.card), /Only NSCP business unit staff/);
    assert.equal(h.bot.services.meetings.upcoming().length, 0);
  });

  it('imports people from pasted spreadsheet rows after a preview, and links the member who installed earlier', async () => {
    const form = await h.press(bu, VERBS.rosterForm);
    assert.ok(form.card.body.some((e: Json) => e.id === 'rows'));
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: `${ROWS}\nbad-row\tX\tY\tLSCG Nowhere` });
    const text = cardText(preview.card);
    assert.match(text, /To add: 5/);
    assert.match(text, /Row 7: .*not an email/);
    assert.equal(h.bot.services.people.all().length, 0, 'a preview changes nothing');
    const importId = preview.card.actions.find((a: Json) => a.verb === VERBS.rosterApply).data.importId;
    const applied = await h.press(bu, VERBS.rosterApply, { importId });
    assert.match(cardText(applied.card), /Added 5, updated 0/);
    assert.equal(h.bot.services.people.personFor(helen.id)?.organisation, 'NCHC');

    const again = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
    assert.match(cardText(again.card), /To add: 0[\s\S]*To update: 0[\s\S]*Left alone \(no change\): 5/);
  });

  it('refuses an online meeting without a join link, keeping what was typed', async () => {
    const res = await h.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-south', date: '2025-05-23', time: '10:30', mode: 'online', joinUrl: '', agenda: 'Welcome and introductions' });
    const text = cardText(res.card);
    assert.match(text, /needs its Teams join link/);
    const agenda = res.card.body.find((e: Json) => e.id === 'agenda');
    assert.equal(agenda.value, 'Welcome and introductions');
    assert.equal(h.bot.services.meetings.upcoming().length, 0);
  });

  let meetingId = '';
  it('schedules a meeting inside the 7-day window and sends the 7-day reminder at once to installed members of that LSCG only', async () => {
    clock.set('2025-05-16T12:00:00Z');
    await h.install(stuart);
    const res = await h.press(bu, VERBS.meetingSchedule, {
      groupId: 'lscg-south',
      date: '2025-05-23',
      time: '10:30',
      mode: 'online',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting',
      agenda: 'Welcome and introductions\nSection 11 in Norfolk\nSafeguarding updates from colleagues\nNext meeting',
    });
    assert.match(cardText(res.card), /Scheduled/);
    meetingId = h.bot.services.meetings.upcoming()[0].id;
    await h.settle();
    const reminders = h.fake.sentActivities().filter((s) => /Will you be there/.test(JSON.stringify(s.activity)));
    assert.deepEqual(reminders.map((r) => r.conversationId).sort(), [helen.conversationId, stuart.conversationId].sort());
    const card = sentCard(reminders[0].activity);
    const text = cardText(card);
    assert.match(text, /Friday 23 May 2025, 10:30/);
    assert.match(text, /Section 11 in Norfolk/);
    assert.ok(card.body.some((e: Json) => e.type === 'ActionSet' && e.actions.some((a: Json) => a.type === 'Action.OpenUrl' && a.url.startsWith('https://teams.microsoft.com/'))));
    assert.deepEqual(cardVerbs(card), [VERBS.meetingRsvp, VERBS.meetingRsvp, VERBS.meetingRsvp]);
  });

  it('replaces the card with the answer when a member presses Apologies, storing it first', async () => {
    const res = await h.press(helen, VERBS.meetingRsvp, { meetingId, response: 'apologies' });
    assert.equal(res.status, 200);
    assert.equal(res.body.statusCode, 200);
    assert.match(cardText(res.card), /Your reply: Apologies/);
    assert.equal((await h.bot.services.rsvps.of(meetingId, 'helen.bradley@nchc.nhs.uk'))?.response, 'apologies');
  });

  it('asks for the deputy\'s name and keeps the card when it is missing', async () => {
    const res = await h.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'deputy', deputyName: '  ' });
    assert.match(cardText(res.card), /Give the name of the deputy/);
    assert.equal(await h.bot.services.rsvps.of(meetingId, 'head@trowse.norfolk.sch.uk'), undefined);
    const ok = await h.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'deputy', deputyName: 'Amy Deputy-Head' });
    assert.match(cardText(ok.card), /Your reply: Sending a deputy \(Amy Deputy-Head\)/);
  });

  it('refuses an RSVP from someone who is not a member of the group', async () => {
    await h.install(ros);
    const west = makeUser('E', 5, 'west@x.example', 'West Member');
    await h.install(west);
    const res = await h.press(west, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    assert.match(cardText(res.card), /not on the list of members/);
    assert.equal(await h.bot.services.rsvps.of(meetingId, 'west@x.example'), undefined);
  });

  it('shows the business unit the attendance: replies, deputies, no reply and not reachable, by organisation', async () => {
    await h.settle();
    const res = await h.press(bu, VERBS.meetingAttendance, { meetingId });
    const text = cardText(res.card);
    assert.match(text, /Attending \*\*0\*\* · Sending a deputy \*\*1\*\* · Apologies \*\*1\*\* · No reply \*\*1\*\* · Not reachable \*\*1\*\*/);
    assert.match(text, /Stuart Odell, Trowse Primary → deputy: Amy Deputy-Head/);
    assert.match(text, /Louise Cowell, Probation \(not installed\)/);
    assert.match(text, /Ros Cutts, Mulberry Nursery/);
    const table = res.card.body.find((e: Json) => e.type === 'Table');
    assert.equal(table.rows.length, 5, 'a header and four organisations');
  });

  it('forbids the attendance card to a member even if they forge the button', async () => {
    const res = await h.press(helen, VERBS.meetingAttendance, { meetingId });
    assert.match(cardText(res.card), /Only NSCP business unit staff/);
  });

  it('updates sent reminder cards and sends a change notice when the time moves', async () => {
    const before = h.fake.updatedActivities().length;
    const res = await h.press(bu, VERBS.meetingEdit, { meetingId, groupId: 'lscg-south', date: '2025-05-23', time: '13:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting', agenda: 'Welcome' });
    assert.match(cardText(res.card), /Saved/);
    await h.settle();
    const updates = h.fake.updatedActivities().slice(before);
    // Helen and Stuart were reminded when it was scheduled; Ros when she installed the app later.
    assert.deepEqual(updates.map((u) => u.conversationId).sort(), [helen.conversationId, stuart.conversationId, ros.conversationId].sort());
    assert.ok(updates.every((u) => /Friday 23 May 2025, 13:00/.test(cardText(sentCard(u.activity)))));
    const helenUpdate = updates.find((u) => u.conversationId === helen.conversationId)!;
    assert.match(cardText(sentCard(helenUpdate.activity)), /Your reply: Apologies/, 'the update keeps the member\'s own answer');
    assert.ok(h.fake.sentActivities().some((s) => s.conversationId === stuart.conversationId && /Changed: LSCG South/.test(JSON.stringify(s.activity))));
  });

  it('cancels: members who were reminded get a notice, and RSVPs are closed', async () => {
    await h.press(bu, VERBS.meetingCancel, { meetingId });
    await h.settle();
    assert.ok(h.fake.sentActivities().some((s) => s.conversationId === helen.conversationId && /Cancelled: LSCG South/.test(JSON.stringify(s.activity))));
    const res = await h.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    assert.match(cardText(res.card), /cancelled/);
    assert.equal((await h.bot.services.rsvps.of(meetingId, 'head@trowse.norfolk.sch.uk'))?.response, 'deputy');
  });
});
