import assert from 'node:assert/strict';
import { VERBS } from '../support/verbs.js';
import { inputId } from '../../services/forms/answers.js';
import { orgKey } from '../../services/features/section11/section11.js';
import { cardText, cardVerbs, makeUser, sentCard, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';

const bu = makeUser('A', 1, 'bu@norfolk.gov.uk', 'Business Unit');
const jo = makeUser('B', 2, 'jo@police.example', 'Jo Police');
const sam = makeUser('C', 3, 'sam@police.example', 'Sam Police');
const ann = makeUser('D', 4, 'ann@city.example', 'Ann City');
const fay = makeUser('E', 5, 'fay@police.example', 'Fay Facilitator');
const fred = makeUser('F', 6, 'fred@nchc.example', 'Fred Facilitator');
const pat = makeUser('G', 7, 'pat@school.example', 'Pat Participant');
const pip = makeUser('H', 8, 'pip@health.example', 'Pip Participant');

const ROWS = [
  'jo@police.example\tJo Police\tNorfolk Constabulary\tSection 11 leads',
  'sam@police.example\tSam Police\tNorfolk Constabulary\tSection 11 leads',
  'ann@city.example\tAnn City\tNorwich City Council\tSection 11 leads',
  'fay@police.example\tFay Facilitator\tNorfolk Constabulary\tJAGS facilitators',
  'fred@nchc.example\tFred Facilitator\tNCHC\tJAGS facilitators',
].join('\n');

const SECTIONS: Record<string, Record<string, string>> = {
  overview: { [inputId('overview')]: 'Staff are confident.', [inputId('voice')]: 'A youth panel.' },
  fcn: { [inputId('fcn-embedded')]: 'Embedded.', [inputId('father-inclusive')]: 'Fathers invited.', [inputId('father-champions')]: 'yes' },
  neglect: { [inputId('anoof-aware')]: 'most', [inputId('toolkit')]: 'Graded Care Profile in use.' },
  exploitation: { [inputId('exploitation')]: 'Training.' },
  other: { [inputId('other')]: '=SUM(A1) is not a formula' },
};

/** The real server with everyone installed and the roster imported: where each scenario starts. */
async function startWithRoster(clock: ShiftedClock): Promise<Harness> {
  const h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
  for (const u of [bu, jo, sam, ann, fay, fred, pat, pip]) await h.install(u);
  const preview = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
  await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId });
  return h;
}

// Each scenario is one story told in steps, run in order: a step uses what the ones before it did
// (the ids kept below). A failed step can make later ones fail too, but each fails on its own.
describe('Forms in chat through the real server', function () {
  this.timeout(60000);

  describe('a Section 11 cycle: open, co-leads share a draft, submit, chase, status, CSV export, close', () => {
    let h: Harness;
    const clock = new ShiftedClock('2025-10-01T09:30:00Z');
    let cycleId = '';

    before(async () => {
      h = await startWithRoster(clock);
    });
    after(async () => h?.close());

    it('the business unit opens a cycle for the two organisations with leads', async () => {
      const form = await h.press(bu, VERBS.s11OpenForm);
      const orgInput = form.card.body.find((e: { id?: string }) => e.id === 'organisations');
      assert.equal(orgInput.choices.length, 2);
      const opened = await h.press(bu, VERBS.s11OpenCycle, { year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: orgInput.value });
      assert.match(cardText(opened.card), /Opened/);
      cycleId = h.bot.services.section11.allCycles()[0].id;
    });

    it('every lead of both organisations is sent a prompt with one button, to start the return', async () => {
      await h.settle();
      for (const lead of [jo, sam, ann]) {
        const prompt = h.fake.sentActivities().find((s) => s.conversationId === lead.conversationId && /Section 11 return 2025/.test(JSON.stringify(s.activity)));
        assert.ok(prompt, `prompt reached ${lead.name}`);
        assert.deepEqual(cardVerbs(sentCard(prompt.activity)), [VERBS.s11Return]);
      }
    });

    it('a lead starts the return at section 1 of 5', async () => {
      const first = await h.press(jo, VERBS.s11Return, { cycleId });
      assert.match(cardText(first.card), /Section 1 of 5/);
    });

    it('co-leads share one draft: the other lead sees the answers and who last changed them', async () => {
      await h.press(jo, VERBS.s11Navigate, { cycleId, sectionId: 'overview', to: 1, ...SECTIONS.overview });
      const samView = await h.press(sam, VERBS.s11Return, { cycleId });
      assert.match(cardText(samView.card), /last changed by Jo Police/);
      assert.equal(samView.card.body.find((e: { id?: string }) => e.id === inputId('overview')).value, 'Staff are confident.');
    });

    it('a lead saves every section and submits, and can still edit while the cycle is open', async () => {
      for (const [sectionId, answers] of Object.entries(SECTIONS)) await h.press(sam, VERBS.s11Save, { cycleId, sectionId, ...answers });
      const submitted = await h.press(sam, VERBS.s11Submit, { cycleId, sectionId: 'other', ...SECTIONS.other });
      assert.match(cardText(submitted.card), /Submitted\. Thank you/);
      assert.ok(cardVerbs(submitted.card).includes(VERBS.s11Edit), 'an Edit button while the cycle is open');
    });

    it('pressing Submit a second time changes nothing, and says so', async () => {
      const twice = await h.press(sam, VERBS.s11Submit, { cycleId, sectionId: 'other', ...SECTIONS.other });
      assert.match(cardText(twice.card), /nothing changed/);
    });

    it('a lead who submits with required answers missing is sent to the section that needs them', async () => {
      const early = await h.press(ann, VERBS.s11Submit, { cycleId, sectionId: 'other' });
      assert.match(cardText(early.card), /Section 1 of 5/);
      assert.match(cardText(early.card), /Answer this question before you submit/);
    });

    it('the business unit chases, and only the organisation that has not submitted is sent a message', async () => {
      const chase = await h.press(bu, VERBS.s11Chase, { cycleId });
      assert.match(cardText(chase.card), /Chasing: 1 message/);
      await h.settle();
      assert.ok(h.fake.sentActivities().some((s) => s.conversationId === ann.conversationId && /chasing/.test(JSON.stringify(s.activity))));
    });

    it('the status card shows one organisation submitted, by whom, and the other not started', async () => {
      const status = await h.press(bu, VERBS.s11Status, { cycleId });
      const text = cardText(status.card);
      assert.match(text, /Norwich City Council[\s\S]*Not started/);
      assert.match(text, /Norfolk Constabulary[\s\S]*Submitted .* by Sam Police/);
    });

    it('the business unit downloads the returns as a CSV file for Excel, with formula-like answers defused', async () => {
      const exported = await h.press(bu, VERBS.s11Export, { cycleId });
      const url = JSON.stringify(exported.card).match(/http:\/\/localhost:\d+\/exports\/[A-Za-z0-9_-]+/)![0];
      const res = await fetch(url.replace(/localhost:\d+/, `127.0.0.1:${h.bot.port}`));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', /section-11-2025-partners\.csv/);
      const csv = await res.text();
      assert.match(csv, /"Norfolk Constabulary","Submitted","Sam Police"/);
      assert.match(csv, /"'=SUM\(A1\) is not a formula"/, 'a formula-like answer is defused for Excel');
    });

    it('a lead who forges the Export button is refused', async () => {
      const forged = await h.press(ann, VERBS.s11Export, { cycleId });
      assert.match(cardText(forged.card), /Only NSCP business unit staff/);
    });

    it('the business unit closes the cycle, and there is nothing left to chase', async () => {
      const closed = await h.press(bu, VERBS.s11Close, { cycleId });
      assert.match(cardText(closed.card), /Closed\. Returns can no longer be changed/);
      assert.ok(!cardVerbs(closed.card).includes(VERBS.s11Chase));
    });

    it('once the cycle is closed, a lead\'s answers are refused and nothing is stored', async () => {
      const tooLate = await h.press(ann, VERBS.s11Save, { cycleId, sectionId: 'overview', ...SECTIONS.overview });
      assert.match(cardText(tooLate.card), /closed/);
      assert.equal(await h.bot.services.section11.returnOf(cycleId, orgKey('Norwich City Council')), undefined);
    });
  });

  describe('a JAGS session: request, session, anonymous feedback, reminders and the facilitators\' summary', () => {
    let h: Harness;
    const clock = new ShiftedClock('2025-10-01T09:30:00Z');
    let requestId = '';
    let sessionId = '';
    const answers = { [inputId('listened')]: '5', [inputId('safe-space')]: '4', [inputId('child-centred')]: '5', [inputId('do-differently')]: 'yes', [inputId('what-differently')]: 'Bring the school in earlier' };

    before(async () => {
      h = await startWithRoster(clock);
    });
    after(async () => h?.close());

    it('the business unit logs a request that proceeded to JAGS', async () => {
      const logged = await h.press(bu, VERBS.jagsLogRequest, { receivedOn: '2025-09-30', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
      assert.match(cardText(logged.card), /Logged/);
      requestId = h.bot.services.jags.allRequests()[0].id;
    });

    it('a session naming someone who is not a JAGS facilitator is refused, keeping what was typed', async () => {
      const bad = await h.press(bu, VERBS.jagsLogSession, { requestId, date: '2025-10-02', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'nobody@x.example', participants: 'pat@school.example' });
      assert.match(cardText(bad.card), /not one of the JAGS facilitators/);
      assert.equal(bad.card.body.find((e: { id?: string }) => e.id === 'participants').value, 'pat@school.example', 'what was typed is kept');
    });

    it('the business unit logs the session with two facilitators and two participants', async () => {
      const session = await h.press(bu, VERBS.jagsLogSession, { requestId, date: '2025-10-02', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'fred@nchc.example', participants: 'pat@school.example\npip@health.example' });
      assert.match(cardText(session.card), /Session logged/);
      sessionId = h.bot.services.jags.allSessions()[0].id;
    });

    it('an hour after the session ends, a participant is sent the anonymous feedback form', async () => {
      clock.set('2025-10-02T11:30:00Z'); // 12:30 BST: 90 minutes + an hour after 10:00
      await h.bot.services.scheduler.runNow();
      await h.settle();
      const formMsg = h.fake.sentActivities().find((s) => s.conversationId === pat.conversationId && /JAGS feedback: session on/.test(JSON.stringify(s.activity)));
      assert.ok(formMsg);
      assert.match(cardText(sentCard(formMsg.activity)), /Anonymous/);
    });

    it('a participant who lost the card finds the form again from the menu', async () => {
      await h.message(pip, 'help');
      const menu = await h.fake.waitFor((r) => r.conversationId === pip.conversationId && /What would you like to do/.test(JSON.stringify(r.body)));
      assert.ok(JSON.stringify(menu.body).includes('JAGS feedback: 2 October'));
      const reopened = await h.press(pip, VERBS.jagsFeedbackOpen, { sessionId });
      assert.match(cardText(reopened.card), /JAGS feedback: session on Thursday 2 October 2025, 10:00/);
    });

    it('a participant gives feedback and is told it is stored anonymously', async () => {
      const sent = await h.press(pat, VERBS.jagsFeedbackSubmit, { sessionId, sectionId: 'feedback', ...answers });
      assert.match(cardText(sent.card), /stored anonymously/);
    });

    it('a participant cannot give feedback twice', async () => {
      const again = await h.press(pat, VERBS.jagsFeedbackSubmit, { sessionId, sectionId: 'feedback', ...answers });
      assert.match(cardText(again.card), /already given feedback/);
    });

    it('someone who was not at the session cannot give feedback on it', async () => {
      const outsider = await h.press(ann, VERBS.jagsFeedbackSubmit, { sessionId, sectionId: 'feedback', ...answers });
      assert.match(cardText(outsider.card), /not sent to you/);
    });

    it('three days on, only the participant who has not answered is reminded', async () => {
      clock.set('2025-10-05T11:31:00Z');
      await h.bot.services.scheduler.runNow();
      await h.settle();
      assert.ok(h.fake.sentActivities().some((s) => s.conversationId === pip.conversationId && /A reminder/.test(JSON.stringify(s.activity))));
      assert.ok(!h.fake.sentActivities().some((s) => s.conversationId === pat.conversationId && /A reminder/.test(JSON.stringify(s.activity))));
    });

    it('when the form closes, both facilitators are sent the collated summary', async () => {
      clock.set('2025-10-16T11:31:00Z');
      await h.bot.services.scheduler.runNow();
      await h.settle();
      for (const f of [fay, fred]) {
        const summary = h.fake.sentActivities().find((s) => s.conversationId === f.conversationId && /collated/.test(JSON.stringify(s.activity)));
        assert.ok(summary, `${f.name} got the summary`);
        const t = cardText(sentCard(summary.activity));
        assert.match(t, /1 of 2 participants answered/);
        assert.match(t, /5\.0 \(1 answers\)/);
        assert.match(t, /Bring the school in earlier/);
      }
    });

    it('the quarter report counts the request in the quarter it came in (September: Q2)', async () => {
      const q2 = await h.press(bu, VERBS.jagsQuarter, { quarter: '2025-Q2' });
      assert.match(cardText(q2.card), /Requests received: 1[\s\S]*Proceeded to JAGS: 1/);
    });

    it('the quarter report counts the session, and its feedback response rate, in the quarter it was held (October: Q3)', async () => {
      const q3 = await h.press(bu, VERBS.jagsQuarter, { quarter: '2025-Q3' });
      assert.match(cardText(q3.card), /Sessions held: 1/);
      assert.match(cardText(q3.card), /Feedback response rate: 50% \(1 of 2\)/);
    });
  });
});
