import assert from 'node:assert/strict';
import { FIELD } from '../../services/features/newsletter/compose.js';
import { inputId } from '../../services/forms/answers.js';
import { VERBS } from '../support/verbs.js';
import { cardText, cardVerbs, makeUser, sentCard, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';

const bu = makeUser('A', 1, 'bu@norfolk.gov.uk', 'Business Unit');
const cat = makeUser('B', 2, 'cat@nchc.example', 'Cat Champion');
const dan = makeUser('C', 3, 'dan@police.example', 'Dan South');
const gus = makeUser('D', 4, 'gus@ncc.example', 'Gus Lead');
const fin = makeUser('E', 5, 'fin@ncc.example', 'Fin Noapp');
const hal = makeUser('F', 6, 'hal@nsft.example', 'Hal New');

const ROWS = [
  'cat@nchc.example\tCat Champion\tNCHC\tNeglect champions;LSCG South',
  'dan@police.example\tDan South\tNorfolk Constabulary\tLSCG South',
  'fin@ncc.example\tFin Noapp\tNorfolk County Council\tNeglect champions',
  'gus@ncc.example\tGus Lead\tNorfolk County Council\tSection 11 leads',
].join('\n');

const ISSUE = {
  [FIELD.title]: 'Neglect champions\' newsletter: summer 2025',
  [FIELD.summary]: 'Reflection spaces and the first ANOOF bite-size briefing.',
  [FIELD.heading(1)]: 'ANOOF bite-size briefing',
  [FIELD.text(1)]: 'Patterns of **disengagement** and intergenerational neglect.',
  [FIELD.link(1)]: 'https://www.norfolkscp.org/anoof',
  [FIELD.audience]: 'neglect-champions,lscg-south',
  [FIELD.ask]: 'read-cascade',
};

const handled = new Set<unknown>();
const chatOf = (h: Harness, user: { conversationId: string }, pattern: RegExp) => h.fake.sentActivities().filter((a) => a.conversationId === user.conversationId && pattern.test(JSON.stringify(a.activity)));

describe('Newsletters through the real server', function () {
  this.timeout(60000);
  let h: Harness;
  const clock = new ShiftedClock('2025-06-02T08:00:00Z');
  let issueId = '';

  before(async () => {
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
    for (const u of [bu, cat, dan, gus]) await h.install(u);
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId });
  });
  after(async () => h?.close());

  it('the business unit composes an issue and saves the draft; the card shows everything typed', async () => {
    const blank = await h.press(bu, VERBS.newsletterNew);
    assert.match(cardText(blank.card), /Up to 4 sections/);
    const saved = await h.press(bu, VERBS.newsletterSave, ISSUE);
    assert.match(cardText(saved.card), /Draft saved/);
    issueId = h.bot.services.newsletter.all()[0].id;
    assert.ok(cardVerbs(saved.card).includes(VERBS.newsletterConfirmSend));
    assert.equal(saved.card.body.flatMap((e: { items?: unknown[] }) => [e, ...(e.items ?? [])]).find((e: { id?: string }) => e.id === FIELD.text(1)).value, ISSUE[FIELD.text(1)]);
  });

  it('a bad image address is refused with the reason, and everything typed stays on the card', async () => {
    const res = await h.press(bu, VERBS.newsletterSave, { ...ISSUE, issueId, [FIELD.imageUrl]: 'http://example.org/a.png' });
    assert.match(cardText(res.card), /must be a web address starting with https:\/\//);
    assert.match(JSON.stringify(res.card), /intergenerational neglect/);
  });

  it('Preview puts the issue in the presser\'s own chat and says how many it reaches, counting a person in two groups once', async () => {
    const res = await h.press(bu, VERBS.newsletterPreview, { ...ISSUE, issueId });
    assert.match(cardText(res.card), /3 people in the audience: it will reach 2 in Teams\. 1 cannot be reached: they do not have the app\./);
    const preview = chatOf(h, bu, /Preview/);
    assert.equal(preview.length, 1);
    assert.match(cardText(sentCard(preview[0].activity)), /ANOOF bite-size briefing/);
    assert.equal(chatOf(h, cat, /summer 2025/).length, 0, 'nobody else has it');
  });

  it('pressing Read it on the preview says it is a preview, records nothing, and the flag unlocks nothing for anyone else', async () => {
    const previewCard = sentCard(chatOf(h, bu, /Preview/)[0].activity);
    const read = JSON.stringify(previewCard).match(/"verb":"newsletter\.ack","data":(\{[^}]*\})/);
    assert.deepEqual(JSON.parse(read![1]), { issueId, preview: true, what: 'read' }, 'the preview copy says so in its data');
    const own = await h.press(bu, VERBS.newsletterAck, { issueId, what: 'read', preview: true });
    assert.match(cardText(own.card), /This is a preview: these buttons work for the people it is sent to\./);
    assert.doesNotMatch(cardText(own.card), /Not allowed|not sent to you/);
    const unflagged = await h.press(bu, VERBS.newsletterAck, { issueId, what: 'yes' });
    assert.match(cardText(unflagged.card), /This is a preview/, 'not yet sent: the server knows it can only be the preview');
    const other = await h.press(gus, VERBS.newsletterAck, { issueId, what: 'read', preview: true });
    assert.match(cardText(other.card), /was not sent to you/, 'someone who did not preview it gains nothing from the flag');
    assert.equal((await h.bot.services.newsletter.acknowledgements(issueId)).length, 0, 'nothing recorded');
  });

  it('a time in the past is refused; a future time asks for confirmation on a card of its own', async () => {
    const past = await h.press(bu, VERBS.newsletterConfirmSchedule, { ...ISSUE, issueId, [FIELD.sendDate]: '2025-06-01', [FIELD.sendTime]: '09:00' });
    assert.match(cardText(past.card), /That time has passed/);
    const confirm = await h.press(bu, VERBS.newsletterConfirmSchedule, { ...ISSUE, issueId, [FIELD.sendDate]: '2025-06-03', [FIELD.sendTime]: '09:00' });
    assert.ok(confirm.card.actions.some((a: { title: string }) => a.title === 'Schedule for Tuesday 3 June 2025, 09:00 to 2 people'));
    const scheduled = await h.press(bu, VERBS.newsletterSchedule, { issueId, [FIELD.sendDate]: '2025-06-03', [FIELD.sendTime]: '09:00' });
    assert.match(cardText(scheduled.card), /Scheduled\. It goes to Neglect champions, LSCG South on Tuesday 3 June 2025, 09:00/);
    const inputs = (c: { body: Array<{ id?: string; value?: string; items?: unknown[] }> }) => Object.fromEntries(c.body.flatMap((e) => [e, ...((e.items ?? []) as typeof c.body)]).filter((e) => e.id).map((e) => [e.id, e.value]));
    const reopened = await h.press(bu, VERBS.newsletterOpen, { issueId });
    assert.match(cardText(reopened.card), /Scheduled newsletter/);
    assert.doesNotMatch(cardText(reopened.card), /Newsletter draft/);
    assert.deepEqual([inputs(reopened.card)[FIELD.sendDate], inputs(reopened.card)[FIELD.sendTime]], ['2025-06-03', '09:00'], 'the schedule in UK time, ready to change');
    // Changing only the time works: the date is already there.
    const moved = await h.press(bu, VERBS.newsletterConfirmSchedule, { ...ISSUE, issueId, [FIELD.sendDate]: inputs(reopened.card)[FIELD.sendDate], [FIELD.sendTime]: '10:00' });
    assert.ok(moved.card.actions.some((a: { title: string }) => a.title === 'Schedule for Tuesday 3 June 2025, 10:00 to 2 people'));
  });

  it('at the time, the scheduler sends it once to each person, a person in two groups getting one card', async () => {
    await h.bot.services.scheduler.runNow();
    await h.settle();
    assert.equal(chatOf(h, cat, /summer 2025/).length, 0, 'not before its time');
    clock.set('2025-06-03T08:00:30Z');
    await h.bot.services.scheduler.runNow();
    await h.bot.services.scheduler.runNow();
    await h.settle();
    assert.equal(chatOf(h, cat, /summer 2025/).length, 1);
    assert.equal(chatOf(h, dan, /summer 2025/).length, 1);
    assert.equal(chatOf(h, gus, /summer 2025/).length, 0);
    assert.deepEqual(cardVerbs(sentCard(chatOf(h, cat, /summer 2025/)[0].activity)), [VERBS.newsletterAck, VERBS.newsletterAck, VERBS.newsletterAck]);
  });

  it('pressing Send on an issue that already went out sends nothing again, and says so', async () => {
    const again = await h.press(bu, VERBS.newsletterSend, { issueId });
    assert.match(cardText(again.card), /already went out .*: nothing was sent again/);
    await h.settle();
    assert.equal(chatOf(h, cat, /summer 2025/).length, 1);
  });

  it('"Read it" and "Cascaded: Yes" update that person\'s card with their answer and when', async () => {
    const read = await h.press(cat, VERBS.newsletterAck, { issueId, what: 'read' });
    assert.match(cardText(read.card), /You read this on Tuesday 3 June 2025/);
    const cascaded = await h.press(cat, VERBS.newsletterAck, { issueId, what: 'yes' });
    assert.match(cardText(cascaded.card), /Yes: you cascaded it to your team/);
    assert.ok(!cardVerbs(cascaded.card).includes(VERBS.newsletterAck), 'nothing left to answer');
  });

  it('someone it was not sent to cannot answer it', async () => {
    const res = await h.press(gus, VERBS.newsletterAck, { issueId, what: 'read' });
    assert.match(cardText(res.card), /was not sent to you/);
  });

  it('Newsletters in the menu lists the latest issue for a person in its audience', async () => {
    const mine = await h.press(dan, VERBS.newsletterMine);
    assert.match(cardText(mine.card), /summer 2025[\s\S]*not read yet/);
  });

  it('typing "newsletters" or "Newsletter" gets the same list', async () => {
    for (const typed of ['newsletters', 'Newsletter']) {
      await h.message(dan, typed);
      const sent = await h.fake.waitFor((r) => r.conversationId === dan.conversationId && r.method === 'POST' && /The latest issues sent to the groups you are in/.test(JSON.stringify(r.body)) && !handled.has(r));
      handled.add(sent);
      assert.match(cardText(sentCard(sent.body)), /summer 2025[\s\S]*not read yet/);
    }
  });

  it('the report shows progress, who read and cascaded by organisation, and reminds once', async () => {
    const report = await h.press(bu, VERBS.newsletterReport, { issueId });
    const text = cardText(report.card);
    assert.match(text, /Sent 2 of 3: 1 do not have the app/);
    assert.match(text, /NCHC[\s\S]*Cat Champion: read, cascaded/);
    assert.match(text, /Norfolk Constabulary[\s\S]*Dan South: no answer yet/);
    const remind = await h.press(bu, VERBS.newsletterRemind, { issueId });
    assert.match(cardText(remind.card), /Reminding 1 person who has not pressed Read it\./);
    const twice = await h.press(bu, VERBS.newsletterRemind, { issueId });
    assert.match(cardText(twice.card), /already reminded/);
    await h.settle();
    assert.equal(chatOf(h, dan, /A reminder/).length, 1);
    assert.equal(chatOf(h, cat, /A reminder/).length, 0);
  });

  it('exports the report as a CSV file for Excel', async () => {
    const exported = await h.press(bu, VERBS.newsletterExport, { issueId });
    const url = JSON.stringify(exported.card).match(/http:\/\/localhost:\d+\/exports\/[A-Za-z0-9_-]+/)![0];
    const csv = await (await fetch(url.replace(/^http:\/\/localhost:\d+/, h.bot.url))).text();
    assert.match(csv, /"NCHC","Cat Champion","cat@nchc\.example","Sent","","Tuesday 3 June 2025, \d\d:\d\d","Yes"/);
  });

  it('editing updates every delivered card in place', async () => {
    const form = await h.press(bu, VERBS.newsletterEditForm, { issueId });
    assert.ok(form.card.actions.some((a: { title: string }) => a.title === 'Save and update 3 cards'), 'two first copies and one reminder');
    const edited = await h.press(bu, VERBS.newsletterEdit, { ...ISSUE, issueId, [FIELD.title]: 'Neglect champions\' newsletter: summer 2025 (corrected)' });
    assert.match(cardText(edited.card), /Updating 3 cards/);
    await h.settle();
    const updates = h.fake.updatedActivities().filter((u) => /corrected/.test(JSON.stringify(u.activity)));
    assert.equal(updates.length, 3);
    assert.ok(updates.some((u) => u.conversationId === cat.conversationId && /Yes: you cascaded it/.test(JSON.stringify(u.activity))), 'Cat\'s copy keeps her answer');
    assert.match(JSON.stringify(updates[0].activity), /\(updated Tuesday 3 June 2025, /);
  });

  it('recalling asks first, then deletes every delivered card; a press on an old copy says it was withdrawn', async () => {
    const confirm = await h.press(bu, VERBS.newsletterConfirmRecall, { issueId });
    assert.ok(confirm.card.actions.some((a: { title: string }) => a.title === 'Recall it: delete its 3 cards'));
    // One of Dan's two cards is already gone from his chat: Teams answers 404.
    h.fake.failNext({ route: 'deleteActivity', conversationId: dan.conversationId }, { status: 404, body: { error: { code: 'NotFound', message: 'not found' } } });
    const recalled = await h.press(bu, VERBS.newsletterRecall, { issueId });
    assert.match(cardText(recalled.card), /Recalled on Tuesday 3 June 2025, [\d:]+: deleting it from 3 chats now/);
    assert.equal((cardText(recalled.card).match(/Recalled/g) ?? []).length, 1, 'one banner, not two');
    await h.settle();
    const after = await h.press(bu, VERBS.newsletterReport, { issueId });
    assert.match(cardText(after.card), /Recalled on Tuesday 3 June 2025, [\d:]+: deleted from 3 of 3 chats\./, 'a card already gone counts as deleted');
    const deletes = h.fake.requests.filter((r) => r.route === 'deleteActivity');
    assert.equal(deletes.length, 3);
    assert.deepEqual(deletes.map((r) => r.status).sort(), [200, 200, 404]);
    assert.equal(h.bot.services.people.installation(dan.id)?.status, 'installed', 'a message already deleted does not make Dan look uninstalled');
    const late = await h.press(dan, VERBS.newsletterAck, { issueId, what: 'read' });
    assert.match(cardText(late.card), /withdrawn/);
    const mine = await h.press(dan, VERBS.newsletterMine);
    assert.match(cardText(mine.card), /No newsletters to show\./);
    assert.doesNotMatch(cardText(mine.card), /Nothing has been sent/, 'something was sent: it was withdrawn');
  });
});

describe('A survey sent now through the real server, reaching those who install or join later', function () {
  this.timeout(60000);
  let h: Harness;
  const clock = new ShiftedClock('2025-06-02T08:00:00Z');
  let issueId = '';
  const SURVEY = { ...ISSUE, [FIELD.title]: 'Neglect toolkit: tell us how it is going', [FIELD.audience]: 'neglect-champions', [FIELD.ask]: 'form', [FIELD.formId]: 'neglect-toolkit-survey' };

  before(async () => {
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
    for (const u of [bu, cat]) await h.install(u);
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId });
  });
  after(async () => h?.close());

  it('Send now asks first, on a card of its own saying how many it reaches', async () => {
    const confirm = await h.press(bu, VERBS.newsletterConfirmSend, SURVEY);
    issueId = h.bot.services.newsletter.all()[0].id;
    assert.match(cardText(confirm.card), /2 people in the audience: it will reach 1 in Teams\. 1 cannot be reached: they do not have the app\./);
    assert.equal(chatOf(h, cat, /how it is going/).length, 0, 'nothing sent by asking');
    const sent = await h.press(bu, VERBS.newsletterSend, { issueId });
    assert.match(cardText(sent.card), /Sending to 1 person now/);
    await h.settle();
    assert.equal(chatOf(h, cat, /how it is going/).length, 1);
  });

  it('a champion answers the survey in chat; the answers are checked and counted', async () => {
    const form = await h.press(cat, VERBS.newsletterFormOpen, { issueId });
    assert.match(cardText(form.card), /Are you aware of ANOOF/);
    const missing = await h.press(cat, VERBS.newsletterFormSubmit, { issueId, sectionId: 'toolkit', [inputId('anoof-aware')]: 'yes' });
    assert.match(cardText(missing.card), /Answer this question before you submit/);
    const done = await h.press(cat, VERBS.newsletterFormSubmit, { issueId, sectionId: 'toolkit', [inputId('anoof-aware')]: 'yes', [inputId('toolkit-use')]: 'well' });
    assert.match(cardText(done.card), /your answers are recorded/);
    const report = await h.press(bu, VERBS.newsletterReport, { issueId });
    assert.match(cardText(report.card), /Answered the form: 1/);
  });

  it('someone in the audience who installs the app later, and someone added to it later, get the issue', async () => {
    await h.install(fin);
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: 'hal@nsft.example\tHal New\tNSFT\tNeglect champions' });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId });
    await h.install(hal);
    await h.bot.services.scheduler.runNow();
    await h.settle();
    assert.equal(chatOf(h, fin, /how it is going/).length, 1);
    assert.equal(chatOf(h, hal, /how it is going/).length, 1);
    const mine = await h.press(hal, VERBS.newsletterMine);
    assert.match(cardText(mine.card), /how it is going/);
  });

  it('a scheduled issue that fell due while the bot was down goes when it starts', async () => {
    await h.press(bu, VERBS.newsletterSave, { ...ISSUE, [FIELD.title]: 'ANOOF bite-size briefing 2', [FIELD.audience]: 'neglect-champions', [FIELD.ask]: 'read' });
    const id = h.bot.services.newsletter.all().find((i) => i.title === 'ANOOF bite-size briefing 2')!.id;
    await h.press(bu, VERBS.newsletterSchedule, { issueId: id, [FIELD.sendDate]: '2025-06-03', [FIELD.sendTime]: '09:00' });
    await h.bot.stop();
    clock.set('2025-06-03T12:00:00Z');
    await h.restart();
    await h.settle();
    assert.equal(chatOf(h, cat, /bite-size briefing 2/).length, 1);
  });
});

