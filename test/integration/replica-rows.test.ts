import assert from 'node:assert/strict';
import { inputId } from '../../services/forms/answers.js';
import { OUTBOX, type OutboxEntry } from '../../services/store/outbox.js';
import { FIELD } from '../../services/features/newsletter/compose.js';
import type { TeamsAttendance } from '../../services/features/meetings/teams-attendance.js';
import { orgKey } from '../../services/features/section11/section11.js';
import { silentLogger } from '../../services/logger.js';
import { Replicator } from '../../services/replica/replicator.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { openGraph } from '../../services/graph/open-graph.js';
import type { FakeGraph } from '../support/fake-graph/server.js';
import type { ListsState } from '../support/fake-graph/lists.js';
import { provisionedFakeGraph, rowsOf } from '../support/replica-fixture.js';
import { ManualClock, openServices, RecordingTransport, seedPeople, testConfig, type AppServices } from '../support/services.js';

const PEOPLE = [
  { email: 'fay@police.example', name: 'Fay Facilitator', org: 'Norfolk Constabulary', groups: 'JAGS facilitators' },
  { email: 'fred@health.example', name: 'Fred Facilitator', org: 'NCHC', groups: 'JAGS facilitators' },
  { email: 'sam@school.example', name: 'Sam South', org: 'Acle Academy', groups: 'LSCG South' },
  { email: 'jo@police.example', name: 'Jo Police', org: 'Norfolk Constabulary', groups: 'Section 11 leads' },
];
const S11: Record<string, Record<string, string>> = {
  overview: { [inputId('overview')]: 'Staff are confident; concerns go to the DSL.', [inputId('voice')]: 'Young people sit on our panel.' },
  fcn: { [inputId('fcn-embedded')]: 'Well embedded.', [inputId('father-inclusive')]: 'Fathers are invited to every meeting.', [inputId('father-champions')]: 'yes' },
  neglect: { [inputId('anoof-aware')]: 'some', [inputId('toolkit')]: 'We use the Graded Care Profile.' },
  exploitation: { [inputId('exploitation')]: 'Training for all frontline staff.' },
  other: {},
};
const PARTICIPANTS = ['pat.one@school.example', 'pat.two@health.example'];

describe('Replica rows each feature declares (services, the fake Graph over https)', function () {
  this.timeout(30_000);
  let s: AppServices;
  let clock: ManualClock;
  let fake: FakeGraph;
  let state: ListsState;
  let r: Replicator;
  const graph = { rows: (list: string) => rowsOf(state, list) };

  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2025-01-13T09:00:00Z'));
    const p = await provisionedFakeGraph({});
    fake = p.fake;
    state = p.state;
    const config = testConfig(p.env);
    s = await openServices({ config, store: new MemoryStore(clock), clock, log: silentLogger, transport: new RecordingTransport() });
    r = await Replicator.open({ store: s.store, graph: openGraph(config.graph!), replica: s.replica, siteId: config.graph!.siteId!, clock, log: silentLogger, resourceUnitsPerMinute: 100_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    await seedPeople(s, PEOPLE);
    s.queue.start();
  });
  afterEach(async () => {
    await r.stop();
    await s.queue.stop();
    await fake.close();
  });

  async function sync(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const next = await r.pass();
      if (next === undefined) return;
      clock.advance(Math.max(1, next));
    }
  }

  it('declares one list per kind of record, each column typed', () => {
    assert.deepEqual(s.replica.lists().map((l) => l.list).sort(), ['nscpJagsFeedback', 'nscpJagsRequests', 'nscpJagsSessions', 'nscpMeetingAttendance', 'nscpMeetings', 'nscpNewsletterDeliveries', 'nscpNewsletterReplies', 'nscpNewsletters', 'nscpRsvps', 'nscpSection11Returns'].sort());
    const s11 = s.replica.lists().find((l) => l.list === 'nscpSection11Returns')!;
    assert.ok(s11.columns.some((c) => c.name.startsWith('Q_')), 'a column per question');
    assert.equal(s11.columns.find((c) => c.name === 'SubmittedAt')?.type, 'dateTime');
  });

  it('an RSVP becomes a row with the person\'s name and organisation, no email or id; erasure removes it', async () => {
    const m = await s.meetings.schedule({ groupId: 'lscg-south', date: '2025-05-23', time: '10:30', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc', agenda: 'Welcome' }, 'bu');
    await s.rsvps.record('29:sam@school.example', { meetingId: m.id, response: 'attending' });
    await sync();
    const rows = graph.rows('nscpRsvps');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].Person, 'Sam South');
    assert.equal(rows[0].Organisation, 'Acle Academy');
    assert.equal(rows[0].Response, 'Attending');
    assert.ok(!JSON.stringify(rows).includes('sam@school.example'), 'no email in the row');
    assert.equal(graph.rows('nscpMeetings').length, 1);
    // Who joined in Teams, as the attendance fetch stores it.
    await (await s.store.collection<TeamsAttendance>('teams-attendance')).put({ id: m.id, state: 'ready', attempts: 1, fetchedAt: '2025-05-23T12:15:00.000Z', attendees: [{ personId: 'sam@school.example', name: 'Sam S', seconds: 3300 }, { name: 'A guest', seconds: 600 }] });
    await sync();
    const [attended] = graph.rows('nscpMeetingAttendance');
    assert.equal(attended.Joined, 2);
    assert.equal(attended.Attendees, 'Sam South, Acle Academy: 55 min\nA guest: 10 min');
    assert.equal(attended.State, 'Ready');
    await s.privacy.erase('sam@school.example');
    await sync();
    assert.equal(graph.rows('nscpRsvps').length, 0, 'the row went with the erasure');
  });

  it('a Section 11 return is one row per organisation per cycle, a typed column per question, submitted answers only', async () => {
    clock.set('2025-09-01T10:00:00Z');
    const cycle = await s.section11.openCycle({ year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: orgKey('Norfolk Constabulary') }, 'bu');
    await s.section11.saveDraft('29:jo@police.example', { cycleId: cycle.id, sectionId: 'overview', ...S11.overview });
    await sync();
    const [draft] = graph.rows('nscpSection11Returns');
    assert.equal(draft.State, 'Draft');
    assert.equal(draft.Q_overview, undefined, 'a draft\'s answers stay the organisation\'s own');
    for (const [sectionId, answers] of Object.entries(S11)) await s.section11.saveDraft('29:jo@police.example', { cycleId: cycle.id, sectionId, ...answers });
    await s.section11.submit('29:jo@police.example', { cycleId: cycle.id, sectionId: 'other' });
    await sync();
    const rows = graph.rows('nscpSection11Returns');
    assert.equal(rows.length, 1, 'the same row, updated');
    assert.equal(rows[0].Organisation, 'Norfolk Constabulary');
    assert.equal(rows[0].State, 'Submitted');
    assert.equal(rows[0].SubmittedBy, 'Jo Police');
    assert.equal(rows[0].Year, 2025);
    assert.equal(rows[0].Q_overview, 'Staff are confident; concerns go to the DSL.');
    assert.equal(rows[0].Q_father_champions, true, 'yes/no as yes/no');
    assert.match(String(rows[0].Q_anoof_aware), /^Some /, 'a choice by its title');
  });

  it('a newsletter, who it was sent to and who pressed Read it or Cascaded become rows', async () => {
    const n = s.newsletter;
    const draft = await n.saveDraft({ [FIELD.title]: 'Neglect champions\' newsletter', [FIELD.summary]: 'The toolkit.', [FIELD.heading(1)]: 'Toolkit', [FIELD.text(1)]: 'Read it.', [FIELD.audience]: 'lscg-south', [FIELD.ask]: 'read-cascade' }, 'bu');
    await n.sendNow(draft.id, 'bu');
    await s.queue.idle();
    await n.acknowledge('29:sam@school.example', draft.id, 'yes');
    await sync();
    assert.deepEqual(graph.rows('nscpNewsletters').map((r) => [r.Title, r.Stage]), [["Neglect champions' newsletter", 'Sent']]);
    const sent = graph.rows('nscpNewsletterDeliveries');
    assert.deepEqual(sent.map((r) => [r.Person, r.Kind, r.Status]), [['Sam South', 'Newsletter', 'Sent']]);
    const replies = graph.rows('nscpNewsletterReplies');
    assert.deepEqual(replies.map((r) => [r.Person, r.Organisation, r.Cascaded]), [['Sam South', 'Acle Academy', 'Yes']]);
    assert.ok(!JSON.stringify([...sent, ...replies]).includes('sam@school.example'), 'no email in the rows');
  });

  it('JAGS feedback rows are anonymous (no name, email, id or time) and wait until the session closes', async () => {
    for (const email of PARTICIPANTS) await s.people.recordInstallation({ id: `29:${email}`, email, name: `Name of ${email}`, aadObjectId: `aad-${email}`, reference: {} });
    const request = await s.jags.logRequest({ receivedOn: '2025-01-10', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
    const { session } = await s.jags.logSession({ requestId: request.id, date: '2025-01-20', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'fred@health.example', participants: PARTICIPANTS.join(', ') });
    clock.set('2025-01-20T12:30:00Z');
    await s.scheduler.runNow();
    const answers = { [inputId('listened')]: '5', [inputId('safe-space')]: '5', [inputId('child-centred')]: '4', [inputId('do-differently')]: 'yes', [inputId('what-differently')]: 'Ask the school nurse in earlier' };
    await s.jags.submit(`29:${PARTICIPANTS[0]}`, { sessionId: session.id, sectionId: 'feedback', ...answers });
    await sync();
    assert.equal(graph.rows('nscpJagsFeedback').length, 0, 'held while the session is open');
    const held = (await s.store.collection<OutboxEntry>(OUTBOX)).values().filter((e) => e.list === 'nscpJagsFeedback');
    assert.equal(held.length, 1, 'waiting in the outbox');
    assert.equal(held[0].since, undefined, 'its outbox entry keeps no time either');
    assert.match(held[0].rev, /^[0-9a-f]{16}$/, 'nor an order');
    assert.equal(graph.rows('nscpJagsRequests').length, 1);
    clock.set('2025-02-04T12:31:00Z');
    await s.scheduler.runNow();
    await sync();
    const rows = graph.rows('nscpJagsFeedback');
    assert.equal(rows.length, 1);
    const text = JSON.stringify(rows);
    for (const secret of [...PARTICIPANTS, 'Name of', 'aad-', '29:', 'pat.one']) assert.ok(!text.includes(secret), `no ${secret} in ${text}`);
    assert.ok(!/\d{4}-\d{2}-\d{2}T/.test(text), `no time in ${text}`);
    assert.ok(text.includes('Ask the school nurse in earlier'), 'the answers are there');
    const sessions = JSON.stringify(graph.rows('nscpJagsSessions'));
    for (const secret of [...PARTICIPANTS, 'fay@police.example', 'Fay Facilitator']) assert.ok(!sessions.includes(secret), `no ${secret} in the session row`);
  });
});
