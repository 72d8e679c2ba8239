import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openServices } from '../support/services.js';
import { inputId } from '../../services/forms/answers.js';
import { quarterOf, quarterRange } from '../../services/features/jags/jags.js';
import { silentLogger } from '../../services/logger.js';
import { AnswersInvalidError } from '../../services/forms/errors.js';
import { FileStore } from '../../services/store/file-store.js';
import { UserFacingError } from '../../services/validation.js';
import { ManualClock, RecordingTransport, seedPeople, testConfig } from '../support/services.js';

const PEOPLE = [
  { email: 'fay@police.example', name: 'Fay Facilitator', org: 'Norfolk Constabulary', groups: 'JAGS facilitators' },
  { email: 'fred@health.example', name: 'Fred Facilitator', org: 'NCHC', groups: 'JAGS facilitators' },
  { email: 'fin@police.example', name: 'Fin Facilitator', org: 'Norfolk Constabulary', groups: 'JAGS facilitators' },
];
const PARTICIPANTS = ['pat.one@school.example', 'pat.two@health.example', 'pat.three@ncc.example'];
const answers = (listened: string, doDifferently: string, what = '') => ({ [inputId('listened')]: listened, [inputId('safe-space')]: '5', [inputId('child-centred')]: '4', [inputId('do-differently')]: doDifferently, [inputId('what-differently')]: what });

describe('JAGS', () => {
  let dir: string;
  let running: { queue: { stop(): Promise<void> }; store: { close(): Promise<void> } } | undefined;
  afterEach(async () => {
    // Let in-flight sends and writes finish, and release the journal, before the folder goes.
    await running?.queue.stop();
    await running?.store.close();
    running = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function setup() {
    dir = mkdtempSync(path.join(tmpdir(), 'jags-'));
    const clock = new ManualClock(Date.parse('2025-01-13T09:00:00Z'));
    const transport = new RecordingTransport();
    const s = await openServices({ config: testConfig({ DATA_DIR: dir }), store: new FileStore(dir), clock, log: silentLogger, transport });
    await seedPeople(s, PEOPLE);
    for (const email of PARTICIPANTS) await s.people.recordInstallation({ id: `29:${email}`, email, name: `Name of ${email}`, aadObjectId: `aad-${email}`, reference: {} });
    s.queue.start();
    running = s;
    const request = await s.jags.logRequest({ receivedOn: '2025-01-10', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
    return { s, clock, transport, request, dir };
  }

  it('logs requests with their outcome and refuses a signposting with nowhere given', async () => {
    const { s } = await setup();
    await assert.rejects(s.jags.logRequest({ receivedOn: '2025-01-10', agency: 'NNUH', role: 'Consultant paediatrician', outcome: 'signposted' }), (e: unknown) => e instanceof AnswersInvalidError && /where/.test(e.errors.signpostedTo));
    await assert.rejects(s.jags.logRequest({ receivedOn: '2099-01-10', agency: 'X', role: 'Y', outcome: 'tacs' }), (e: unknown) => e instanceof AnswersInvalidError && /future/.test(e.errors.receivedOn));
    const r = await s.jags.logRequest({ receivedOn: '2025-01-11', agency: 'NNUH', role: 'Consultant paediatrician', outcome: 'signposted', signpostedTo: 'ICB Designated Safeguarding Team' });
    assert.equal(r.signpostedTo, 'ICB Designated Safeguarding Team');
    assert.equal(s.jags.allRequests().length, 2);
  });

  it('warns, without refusing, when both facilitators come from one agency; refuses unknown facilitators', async () => {
    const { s, request } = await setup();
    await assert.rejects(s.jags.logSession({ requestId: request.id, date: '2025-01-20', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'stranger@x.example', participants: PARTICIPANTS.join('\n') }), (e: unknown) => e instanceof AnswersInvalidError && /not one of the JAGS facilitators/.test(e.errors.facilitator2));
    const { warning } = await s.jags.logSession({ requestId: request.id, date: '2025-01-20', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'fin@police.example', participants: PARTICIPANTS.join('\n') });
    assert.match(warning ?? '', /Both facilitators are from Norfolk Constabulary/);
  });

  it('sends the form an hour after the session ends, reminds after three days, closes after fourteen and sends facilitators the summary', async () => {
    const { s, clock, transport, request } = await setup();
    const { session } = await s.jags.logSession({ requestId: request.id, date: '2025-01-20', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'fred@health.example', participants: PARTICIPANTS.join(', ') });
    const kinds = () => transport.delivered.map((d) => `${d.delivery.kind}:${d.delivery.personId}`);
    const at = async (iso: string) => {
      clock.set(iso);
      await s.scheduler.runNow();
      await s.queue.idle();
    };
    await at('2025-01-20T12:29:00Z'); // 10:00 + 90 min + 60 min = 12:30 GMT
    assert.equal(kinds().length, 0);
    await at('2025-01-20T12:30:00Z');
    assert.deepEqual(kinds().sort(), PARTICIPANTS.map((p) => `jags-feedback:${p}`).sort());
    await s.jags.submit(`29:${PARTICIPANTS[0]}`, { sessionId: session.id, sectionId: 'feedback', ...answers('5', 'yes', 'Ask the school nurse in earlier') });
    await at('2025-01-23T12:29:00Z');
    assert.equal(kinds().filter((k) => k.startsWith('jags-feedback-reminder')).length, 0);
    await at('2025-01-23T12:30:00Z');
    await at('2025-01-25T12:30:00Z');
    assert.deepEqual(kinds().filter((k) => k.startsWith('jags-feedback-reminder')).sort(), [`jags-feedback-reminder:${PARTICIPANTS[1]}`, `jags-feedback-reminder:${PARTICIPANTS[2]}`].sort());
    await s.jags.submit(`29:${PARTICIPANTS[1]}`, { sessionId: session.id, sectionId: 'feedback', ...answers('3', 'no') });
    await at('2025-02-03T12:30:00Z');
    assert.deepEqual(kinds().filter((k) => k.startsWith('jags-summary')).sort(), ['jags-summary:fay@police.example', 'jags-summary:fred@health.example']);
    const summary = await s.jags.summary(session.id);
    assert.equal(summary.answered, 2);
    assert.equal(summary.invited, 3);
    assert.equal(summary.ratings.find((r) => /listened/.test(r.label))?.average, 4);
    assert.deepEqual(summary.yesNo.map((y) => [y.yes, y.no]), [[1, 1]]);
    assert.deepEqual(summary.comments.find((c) => /differently/.test(c.label))?.texts, ['Ask the school nurse in earlier']);
    await assert.rejects(s.jags.submit(`29:${PARTICIPANTS[2]}`, { sessionId: session.id, sectionId: 'feedback', ...answers('4', 'no') }), (e: unknown) => e instanceof UserFacingError && /closed/.test(e.message));
  });

  it('stores feedback with no user id, email or name, and only once per person', async () => {
    const { s, clock, request, dir } = await setup();
    const { session } = await s.jags.logSession({ requestId: request.id, date: '2025-01-13', time: '06:00', facilitator1: 'fay@police.example', facilitator2: 'fred@health.example', participants: PARTICIPANTS.join('\n') });
    clock.set('2025-01-13T09:00:00Z');
    await s.scheduler.runNow();
    await s.jags.submit(`29:${PARTICIPANTS[0]}`, { sessionId: session.id, sectionId: 'feedback', ...answers('4', 'yes', 'More curiosity') });
    await assert.rejects(s.jags.submit(`29:${PARTICIPANTS[0]}`, { sessionId: session.id, sectionId: 'feedback', ...answers('1', 'no') }), /already given feedback/);
    await assert.rejects(s.jags.submit('29:someone-else@x.example', { sessionId: session.id, sectionId: 'feedback', ...answers('1', 'no') }), (e: unknown) => e instanceof UserFacingError && e.code === 'forbidden');
    await s.store.flush();
    const files = readdirSync(path.join(dir, 'jags-feedback'));
    assert.equal(files.length, 1);
    const stored = readFileSync(path.join(dir, 'jags-feedback', files[0]), 'utf8');
    const records = Object.values<Record<string, unknown>>(JSON.parse(stored).items);
    assert.equal(records.length, 1, 'stored once');
    for (const identifying of [PARTICIPANTS[0], `29:${PARTICIPANTS[0]}`, `aad-${PARTICIPANTS[0]}`, `Name of ${PARTICIPANTS[0]}`, 'pat.one']) {
      assert.ok(!stored.includes(identifying), `feedback file holds ${identifying}`);
    }
    assert.deepEqual(Object.keys(records[0]).sort(), ['answers', 'id', 'sessionId'], 'no time either, that could be matched to a send');
    assert.ok(!readdirSync(dir).includes('jags-drafts'), 'nothing is kept before submit');
  });

  it('checks answers carried from earlier sections as strictly as the rest, and writes files in id order', async () => {
    const { s, clock, request, dir } = await setup();
    const { session } = await s.jags.logSession({ requestId: request.id, date: '2025-01-13', time: '06:00', facilitator1: 'fay@police.example', facilitator2: 'fred@health.example', participants: PARTICIPANTS.join('\n') });
    clock.set('2025-01-13T09:00:00Z');
    await s.scheduler.runNow();
    const forged = JSON.stringify({ [inputId('anything-else')]: 'x'.repeat(1001) });
    await assert.rejects(s.jags.submit(`29:${PARTICIPANTS[0]}`, { sessionId: session.id, sectionId: 'feedback', carried: forged, ...answers('4', 'no') }), (e: unknown) => e instanceof AnswersInvalidError);
    const carried = JSON.stringify({ [inputId('anything-else')]: 'Carried from an earlier card' });
    const { answers: stored } = await s.jags.submit(`29:${PARTICIPANTS[1]}`, { sessionId: session.id, sectionId: 'feedback', carried, ...answers('4', 'no') });
    assert.equal(stored['anything-else'], 'Carried from an earlier card');
    await s.jags.submit(`29:${PARTICIPANTS[2]}`, { sessionId: session.id, sectionId: 'feedback', ...answers('2', 'no') });
    await s.store.flush();
    for (const folder of ['jags-feedback', 'jags-responded']) {
      const keys = Object.keys(JSON.parse(readFileSync(path.join(dir, folder, `${session.id}.json`), 'utf8')).items);
      assert.deepEqual(keys, [...keys].sort(), `${folder} lists records in id order, not arrival order`);
    }
  });

  it('summarises a financial quarter: requests, outcomes, agencies, sessions, response rate', async () => {
    const { s, request, clock } = await setup();
    await s.jags.logRequest({ receivedOn: '2024-11-20', agency: 'NCHC', role: 'Health visitor', outcome: 'tacs' });
    await s.jags.logRequest({ receivedOn: '2024-12-02', agency: 'Norfolk Constabulary', role: 'PC', outcome: 'statutory' });
    await s.jags.logRequest({ receivedOn: '2024-12-20', agency: 'Norfolk Constabulary', role: 'PC', outcome: 'proceeded' });
    await s.jags.logSession({ requestId: request.id, date: '2025-01-13', time: '06:00', facilitator1: 'fay@police.example', facilitator2: 'fred@health.example', participants: PARTICIPANTS.join('\n') });
    clock.set('2025-01-13T09:00:00Z');
    await s.scheduler.runNow();
    const q3 = await s.jags.quarter('2024-Q3');
    assert.equal(q3.label, 'Q3 2024–25 (October to December 2024)');
    assert.equal(q3.requests, 3);
    assert.deepEqual(q3.outcomes, { proceeded: 1, tacs: 1, statutory: 1, signposted: 0 });
    assert.deepEqual(q3.byAgency[0], { agency: 'Norfolk Constabulary', count: 2 });
    const q4 = await s.jags.quarter('2024-Q4');
    assert.equal(q4.requests, 1);
    assert.equal(q4.sessions, 1);
    assert.equal(q4.invited, 3);
    assert.equal(q4.answered, 0);
  });

  it('counts financial quarters from April', () => {
    assert.equal(quarterOf('2024-04-01'), '2024-Q1');
    assert.equal(quarterOf('2024-11-15'), '2024-Q3');
    assert.equal(quarterOf('2025-03-31'), '2024-Q4');
    assert.deepEqual(quarterRange('2024-Q4'), { from: '2025-01-01', to: '2025-03-31', label: 'Q4 2024–25 (January to March 2025)' });
    assert.equal(quarterRange('2024-Q5'), null);
  });
});
