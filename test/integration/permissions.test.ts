import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { VERBS } from '../support/verbs.js';
import { cardText, makeUser, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';

const bu = makeUser('A', 1, 'bu@norfolk.gov.uk', 'Business Unit');
const member = makeUser('B', 2, 'helen@nchc.example', 'Helen Member');
const outsider = makeUser('C', 3, 'oscar@elsewhere.example', 'Oscar Outsider');

const ROWS = [
  'helen@nchc.example\tHelen Member\tNCHC\tLSCG South;Neglect champions',
  'jo@police.example\tJo Police\tNorfolk Constabulary\tSection 11 leads',
  'fay@police.example\tFay Facilitator\tNorfolk Constabulary\tJAGS facilitators',
  'fred@nchc.example\tFred Facilitator\tNCHC\tJAGS facilitators',
].join('\n');

/** Every file in the data folder and a hash of its bytes: equal snapshots mean nothing was stored. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/**
 * Walks every verb the running bot registered: whoever the verb is declared for, a person who is
 * not that is refused, and nothing is stored or sent. The card data points at real records, so a
 * verb that slipped through would change something this test sees.
 */
describe('who may press each button, for every registered verb', function () {
  this.timeout(60000);
  let h: Harness;
  const clock = new ShiftedClock('2025-09-01T08:00:00Z');
  let data: Record<string, unknown> = {};

  before(async () => {
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
    for (const u of [bu, member, outsider]) await h.install(u);
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
    const importId = preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId;
    await h.press(bu, VERBS.rosterApply, { importId });
    await h.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-south', date: '2025-09-20', time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/x', agenda: 'Welcome' });
    await h.press(bu, VERBS.s11OpenCycle, { year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: 'norfolk-constabulary' });
    await h.press(bu, VERBS.jagsLogRequest, { receivedOn: '2025-08-30', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
    const s = h.bot.services;
    const requestId = s.jags.allRequests()[0].id;
    await h.press(bu, VERBS.jagsLogSession, { requestId, date: '2025-08-31', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'fred@nchc.example', participants: 'pat@school.example' });
    const issue = { title: 'Neglect champions\' newsletter', 's1.heading': 'ANOOF', 's1.text': 'The first bite-size briefing.', audience: 'neglect-champions', ask: 'read-cascade' };
    await h.press(bu, VERBS.newsletterSave, issue);
    await h.press(bu, VERBS.newsletterSend, { issueId: s.newsletter.all()[0].id });
    const rosterPreview = await h.press(bu, VERBS.rosterPreview, { rows: 'new@x.example\tNew Person\tNCC\tLSCG South' });
    data = {
      meetingId: s.meetings.upcoming()[0].id,
      cycleId: s.section11.allCycles()[0].id,
      org: 'norfolk-constabulary',
      requestId,
      sessionId: s.jags.allSessions()[0].id,
      importId: rosterPreview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId,
      rows: 'new@x.example\tNew Person\tNCC\tLSCG South',
      response: 'attending',
      quarter: '2025-Q2',
      groupId: 'lscg-south',
      date: '2025-09-27',
      time: '10:00',
      mode: 'online',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/y',
      year: '2025',
      trackId: 'schools',
      deadline: '2025-11-30',
      organisations: 'norfolk-constabulary',
      receivedOn: '2025-08-31',
      agency: 'NCC',
      role: 'Social worker',
      outcome: 'tacs',
      sectionId: 'governance',
      to: '1',
      ...issue,
      issueId: s.newsletter.all()[0].id,
      what: 'read',
      sendDate: '2025-09-28',
      sendTime: '09:00',
    };
    assert.ok(Object.values(data).every((v) => v), 'every record the presses point at exists');
  });
  after(async () => h?.close());

  it('declares who may use every verb, and the business unit\'s are the admin tasks', () => {
    const kinds = new Map(h.bot.verbs.map((v) => [v.verb, v.who]));
    assert.equal(kinds.size, h.bot.verbs.length, 'no verb twice');
    for (const v of [VERBS.meetingSchedule, VERBS.meetingCancel, VERBS.rosterApply, VERBS.s11OpenCycle, VERBS.s11Close, VERBS.s11Export, VERBS.jagsLogSession, VERBS.jagsExport, VERBS.newsletterSave, VERBS.newsletterPreview, VERBS.newsletterSend, VERBS.newsletterSchedule, VERBS.newsletterEdit, VERBS.newsletterRecall, VERBS.newsletterRemind, VERBS.newsletterResend, VERBS.newsletterExport]) assert.equal(kinds.get(v), 'business-unit', v);
    assert.equal(kinds.get(VERBS.meetingRsvp), 'audience-member');
    assert.equal(kinds.get(VERBS.s11Submit), 'organisation-lead');
    assert.equal(kinds.get(VERBS.jagsFeedbackSubmit), 'audience-member');
    assert.equal(kinds.get(VERBS.newsletterAck), 'audience-member');
    assert.equal(kinds.get(VERBS.menu), 'any-installed-user');
  });

  it('refuses a member every business unit verb, storing and sending nothing', async () => {
    const adminVerbs = h.bot.verbs.filter((v) => v.who === 'business-unit').map((v) => v.verb);
    assert.ok(adminVerbs.length >= 25, `found ${adminVerbs.length} business unit verbs`);
    await h.bot.services.store.flush();
    const before = snapshot(h.dataDir);
    const sent = h.fake.sentActivities().length;
    for (const verb of adminVerbs) {
      const res = await h.press(member, verb, data);
      assert.equal(res.status, 200, verb);
      assert.match(cardText(res.card), /Only NSCP business unit staff can do that/, verb);
    }
    await h.bot.services.store.flush();
    assert.deepEqual(snapshot(h.dataDir), before, 'nothing stored');
    assert.equal(h.fake.sentActivities().length, sent, 'nothing sent');
  });

  it('refuses someone outside the audience every member or lead verb, storing and sending nothing', async () => {
    const itemVerbs = h.bot.verbs.filter((v) => v.who === 'audience-member' || v.who === 'organisation-lead').map((v) => v.verb);
    assert.ok(itemVerbs.length >= 10, `found ${itemVerbs.length} member and lead verbs`);
    await h.bot.services.store.flush();
    const before = snapshot(h.dataDir);
    const sent = h.fake.sentActivities().length;
    for (const verb of itemVerbs) {
      const res = await h.press(outsider, verb, data);
      assert.equal(res.status, 200, verb);
      assert.match(cardText(res.card), /not on the list of members|not a Section 11 lead|was not sent to you/, verb);
    }
    await h.bot.services.store.flush();
    assert.deepEqual(snapshot(h.dataDir), before, 'nothing stored');
    assert.equal(h.fake.sentActivities().length, sent, 'nothing sent');
  });
});
