import type { Json } from '../support/json.js';
import assert from 'node:assert/strict';
import { inputId } from '../../services/forms/answers.js';
import { orgKey } from '../../services/features/section11/section11.js';
import type { DataSubject, Holding } from '../../services/privacy/personal-data.js';
import { ManualClock, memoryServices, RecordingTransport, seedPeople, type AppServices } from '../support/services.js';

/**
 * Each holder's PersonalData on its own, through the shared privacy piece it joined when it
 * opened: what it reports, what its export holds, what erasure leaves, and that a second
 * erasure finds nothing. Sam is the person asking throughout; everyone else must be untouched.
 */

const SAM = 'sam@police.example';
const PEOPLE = [
  { email: SAM, name: 'Sam Police', org: 'Norfolk Constabulary', groups: 'Section 11 leads;LSCG South' },
  { email: 'jo@police.example', name: 'Jo Police', org: 'Norfolk Constabulary', groups: 'Section 11 leads;LSCG South' },
  // A namesake in another organisation: a Section 11 mark "Sam Police" on that return is not our Sam's.
  { email: 'sam.other@city.example', name: 'Sam Police', org: 'Norwich City Council', groups: 'Section 11 leads' },
  { email: 'helen@nchc.example', name: 'Helen Bradley', org: 'NCHC', groups: 'LSCG South' },
  { email: 'fay@police.example', name: 'Fay Facilitator', org: 'Norfolk Constabulary', groups: 'JAGS facilitators' },
  { email: 'fred@health.example', name: 'Fred Facilitator', org: 'NCHC', groups: 'JAGS facilitators' },
];

async function setup(now = '2025-09-01T09:00:00Z') {
  const clock = new ManualClock(Date.parse(now));
  const transport = new RecordingTransport();
  const s = await memoryServices(clock, undefined, transport);
  await seedPeople(s, PEOPLE);
  return { s, clock, transport };
}

const source = (s: AppServices, name: string) => {
  const found = (s.privacy as unknown as { sources: Array<{ source: string }> }).sources.find((x) => x.source === name);
  assert.ok(found, `no source ${name}`);
  return found as unknown as { describe(w: DataSubject): Promise<Holding[]>; export(w: DataSubject): Promise<Json>; erase(w: DataSubject): Promise<Holding[]>; unlinked?: string[] };
};
const counts = (h: Holding[]) => Object.fromEntries(h.map((x) => [x.what.split(' (')[0], x.count]));
const sourceOf = (r: { sources: Array<{ source: string; holdings: Holding[] }> }, name: string) => counts(r.sources.find((x) => x.source === name)?.holdings ?? []);

describe('personal data, by holder', () => {
  it('lists every holder that joined, shared pieces first', async () => {
    const { s } = await setup();
    assert.deepEqual(s.privacy.names(), ['people', 'deliveries', 'teams', 'app-installs', 'meetings', 'section11', 'jags', 'newsletter']);
  });

  describe('people (roster, installations, unimported pastes)', () => {
    it('reports, exports and erases the roster entry, installations and their pasted rows; other rows and people stay', async () => {
      const { s } = await setup();
      await s.people.recordInstallation({ id: '29:sam-teams', email: SAM, name: 'Sam P (Teams)', aadObjectId: 'aad-sam', tenantId: 't', reference: { user: { name: 'Sam P (Teams)' } } });
      await s.people.previewImport(`${SAM}\tSam Police\tNorfolk Constabulary\tLSCG West\nnew@x.example\tNew Person\tNCC\tLSCG South`, 'aad-bu');
      const who = s.people.subjectOf('  SAM@Police.Example ');
      assert.equal(who.email, SAM);
      assert.deepEqual(who.names.sort(), ['Sam P (Teams)', 'Sam Police']);
      assert.ok(who.accountIds.includes('aad-sam') && who.accountIds.includes('29:sam-teams'));
      const people = source(s, 'people');
      assert.deepEqual(counts(await people.describe(who)), { 'Roster entry': 1, 'Teams app installation': 2, 'Rows about them in a roster paste not yet imported': 1 });
      const x = await people.export(who);
      assert.equal(x.rosterEntry.name, 'Sam Police');
      assert.equal(x.installations.length, 2);
      assert.deepEqual(x.unimportedRosterRows[0].rows, [`${SAM}\tSam Police\tNorfolk Constabulary\tLSCG West`], 'only their row, not the others in the paste');

      await people.erase(who);
      assert.equal(s.people.person(SAM), undefined);
      assert.equal(s.people.installationOf(SAM), undefined, 'the bot can no longer reach them');
      assert.equal(s.people.personFor('29:sam-teams'), undefined);
      assert.deepEqual(await people.describe(s.people.subjectOf(SAM)), [], 'nothing left');
      assert.deepEqual(await people.describe(who), [], 'nothing left, even by the names and ids they had');
      const [paste] = (s.people as unknown as { imports: { values(): Array<{ text: string }> } }).imports.values();
      assert.equal(paste.text, 'new@x.example\tNew Person\tNCC\tLSCG South', 'the other row of the paste stays');
      assert.equal(s.people.person('jo@police.example')?.name, 'Jo Police');
      assert.ok(s.people.installationOf('jo@police.example'));
    });

    it('removes a paste a business unit member made themselves when they are the one erased', async () => {
      const { s } = await setup();
      await s.people.recordInstallation({ id: '29:bu', email: 'bu@norfolk.gov.uk', aadObjectId: 'aad-bu', reference: {} });
      await s.people.previewImport('new@x.example\tNew Person\tNCC\tLSCG South', 'aad-bu');
      const who = s.people.subjectOf('bu@norfolk.gov.uk');
      assert.deepEqual(counts(await source(s, 'people').describe(who)), { 'Teams app installation': 1, 'Roster pastes they made and did not import': 1 });
      const x = await source(s, 'people').export(who);
      assert.deepEqual(Object.keys(x.ownUnimportedPastes[0]).sort(), ['createdAt', 'id', 'rows'], 'their own paste is counted, not copied: its rows are other people\'s');
      await source(s, 'people').erase(who);
      assert.deepEqual(await source(s, 'people').describe(who), []);
    });
  });

  describe('deliveries', () => {
    it('reports and erases every message record of theirs in every campaign, including one still queued, which is then never sent', async () => {
      const { s, transport } = await setup();
      await s.queue.enqueue([
        { id: `x:1:${SAM}`, campaign: 'test-one', personId: SAM, kind: 'meeting-reminder', op: 'send', subjectId: '1' },
        { id: 'x:1:jo@police.example', campaign: 'test-one', personId: 'jo@police.example', kind: 'meeting-reminder', op: 'send', subjectId: '1' },
        { id: `x:2:${SAM}`, campaign: 'test-two', personId: SAM, kind: 's11-prompt', op: 'send', subjectId: '2' },
      ]);
      const who = s.people.subjectOf(SAM);
      const deliveries = source(s, 'deliveries');
      assert.deepEqual((await deliveries.describe(who)).map((h) => h.count), [2]);
      assert.deepEqual((await deliveries.export(who)).map((d: { campaign: string; status: string }) => `${d.campaign}:${d.status}`).sort(), ['test-one:queued', 'test-two:queued']);
      await deliveries.erase(who);
      s.queue.start();
      await s.queue.idle();
      assert.deepEqual(transport.delivered.map((d) => d.delivery.personId), ['jo@police.example'], 'only the other person\'s message went');
      assert.deepEqual(await deliveries.describe(who), []);
      assert.equal((await s.queue.records('test-one')).length, 1);
      assert.equal((s.queue as unknown as { outbox: { size(): number } }).outbox.size(), 0, 'no outbox entry names them');
      await s.queue.stop();
    });
  });

  describe('meetings', () => {
    it('removes their replies, puts "(erased)" where another member named them as deputy, and on meetings they scheduled', async () => {
      const { s } = await setup();
      await s.people.recordInstallation({ id: '29:sam-teams', email: SAM, aadObjectId: 'aad-sam', reference: {} });
      const m = await s.meetings.schedule({ groupId: 'lscg-south', date: '2025-09-20', time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/x' }, 'aad-sam');
      const other = await s.meetings.schedule({ groupId: 'lscg-south', date: '2025-09-27', time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/y' }, 'aad-bu');
      await s.rsvps.record(`29:${SAM}`, { meetingId: m.id, response: 'attending' });
      await s.rsvps.record('29:helen@nchc.example', { meetingId: m.id, response: 'deputy', deputyName: 'sam  police' });
      await s.rsvps.record('29:jo@police.example', { meetingId: other.id, response: 'apologies' });
      const who = s.people.subjectOf(SAM);
      const meetings = source(s, 'meetings');
      assert.deepEqual(counts(await meetings.describe(who)), { 'Their replies to LSCG meetings': 1, 'Replies by others naming them as the deputy': 1, 'Meetings they scheduled': 1 });
      const x = await meetings.export(who);
      assert.equal(x.replies[0].response, 'attending');
      assert.equal(x.replies[0].meeting.group, 'LSCG South');
      assert.equal(x.namedAsDeputy[0].nameGiven, 'sam police', 'matched whatever the case');
      assert.equal(x.meetingsScheduled[0].meeting.id, m.id);

      await meetings.erase(who);
      assert.equal(await s.rsvps.of(m.id, SAM), undefined);
      const helens = await s.rsvps.of(m.id, 'helen@nchc.example');
      assert.equal(helens?.response, 'deputy', 'Helen\'s reply stays');
      assert.equal(helens?.deputyName, '(erased)');
      assert.equal(s.meetings.get(m.id)?.createdBy, '(erased)');
      assert.equal(s.meetings.get(other.id)?.createdBy, 'aad-bu');
      assert.equal((await s.rsvps.of(other.id, 'jo@police.example'))?.response, 'apologies');
      assert.deepEqual(await meetings.describe(who), []);
    });
  });

  describe('Section 11', () => {
    const FULL: Record<string, Record<string, string>> = {
      overview: { [inputId('overview')]: 'Staff are confident.', [inputId('voice')]: 'A youth panel.' },
      fcn: { [inputId('fcn-embedded')]: 'Embedded.', [inputId('father-inclusive')]: 'Fathers invited.', [inputId('father-champions')]: 'yes' },
      neglect: { [inputId('anoof-aware')]: 'some', [inputId('toolkit')]: 'Graded Care Profile.' },
      exploitation: { [inputId('exploitation')]: 'Training.' },
      other: {},
    };

    it('replaces their name on their organisation\'s return with "(erased)" and keeps the return; a namesake elsewhere is not them', async () => {
      const { s } = await setup();
      await s.people.recordInstallation({ id: '29:bu', email: 'bu@norfolk.gov.uk', aadObjectId: 'aad-bu', reference: {} });
      const cycle = await s.section11.openCycle({ year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: `${orgKey('Norfolk Constabulary')},${orgKey('Norwich City Council')}` }, 'aad-bu');
      for (const [sectionId, answers] of Object.entries(FULL)) await s.section11.saveDraft(`29:${SAM}`, { cycleId: cycle.id, sectionId, ...answers });
      await s.section11.submit(`29:${SAM}`, { cycleId: cycle.id, sectionId: 'other' });
      await s.section11.saveDraft('29:jo@police.example', { cycleId: cycle.id, sectionId: 'overview', [inputId('overview')]: 'Jo changed this.' });
      await s.section11.saveDraft('29:sam.other@city.example', { cycleId: cycle.id, sectionId: 'overview', ...FULL.overview });
      const who = s.people.subjectOf(SAM);
      const s11 = source(s, 'section11');
      assert.deepEqual(counts(await s11.describe(who)), { 'Section 11 returns marked with their name': 1 });
      const x = await s11.export(who);
      assert.deepEqual(x.returnsMarkedWithTheirName.map((r: { organisation: string; submittedBy: string; draftLastChangedBy?: string }) => [r.organisation, r.submittedBy, r.draftLastChangedBy]), [['Norfolk Constabulary', 'Sam Police', undefined]]);
      assert.ok(!JSON.stringify(x).includes('Staff are confident'), 'the organisation\'s answers are not the person\'s data');

      await s11.erase(who);
      const ours = await s.section11.returnOf(cycle.id, orgKey('Norfolk Constabulary'));
      assert.equal(ours?.submittedByName, '(erased)');
      assert.equal(ours?.draftByName, 'Jo Police', 'Jo\'s own mark stays');
      assert.ok(ours?.submitted && Object.keys(ours.submitted).length > 3, 'the organisation\'s return is kept');
      assert.equal((await s.section11.returnOf(cycle.id, orgKey('Norwich City Council')))?.draftByName, 'Sam Police', 'the namesake\'s mark on another organisation\'s return stays');
      const { rows } = await s.section11.status(cycle.id);
      assert.equal(rows.find((r) => r.organisation === 'Norfolk Constabulary')?.by, '(erased)');
      assert.deepEqual(await s11.describe(who), []);

      const bu = s.people.subjectOf('bu@norfolk.gov.uk');
      assert.deepEqual(counts(await s11.describe(bu)), { 'Section 11 cycles they opened': 1 });
      await s11.erase(bu);
      assert.equal(s.section11.cycle(cycle.id).openedBy, '(erased)');
    });
  });

  describe('JAGS', () => {
    const answers = { [inputId('listened')]: '5', [inputId('safe-space')]: '4', [inputId('child-centred')]: '5', [inputId('do-differently')]: 'no' };
    const PAT = 'pat@school.example';
    const PIP = 'pip@health.example';

    async function openSession() {
      const { s, clock, transport } = await setup('2025-01-13T09:00:00Z');
      for (const email of [PAT, PIP]) await s.people.recordInstallation({ id: `29:${email}`, email, reference: {} });
      s.queue.start();
      const request = await s.jags.logRequest({ receivedOn: '2025-01-10', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
      const { session } = await s.jags.logSession({ requestId: request.id, date: '2025-01-13', time: '06:00', facilitator1: 'fay@police.example', facilitator2: 'fred@health.example', participants: `${PAT}\n${PIP}` });
      await s.scheduler.runNow();
      await s.jags.submit(`29:${PAT}`, { sessionId: session.id, sectionId: 'feedback', ...answers });
      return { s, clock, transport, session };
    }

    it('takes their email off the session and the "has answered" marker, keeps the anonymous feedback, and still counts them as invited', async () => {
      const { s, session } = await openSession();
      const who = s.people.subjectOf(PAT);
      const jags = source(s, 'jags');
      assert.deepEqual(counts(await jags.describe(who)), { 'JAGS sessions they were listed at as a participant': 1, 'JAGS "has answered" markers': 1 });
      assert.match(jags.unlinked?.[0] ?? '', /Anonymous JAGS feedback/);
      const x = await jags.export(who);
      assert.deepEqual(x.asParticipant.map((p: { session: string; answered: boolean }) => [p.session, p.answered]), [[session.id, true]]);
      assert.match(x.notLinked, /cannot be found, exported or erased for one person/);

      await jags.erase(who);
      const after = s.jags.session(session.id);
      assert.deepEqual(after.participants, [PIP]);
      assert.equal(after.erasedParticipants, 1);
      const summary = await s.jags.summary(session.id);
      assert.equal(summary.invited, 2, 'still counted as invited');
      assert.equal(summary.answered, 1, 'their anonymous answer stays');
      assert.deepEqual(await s.jags.openFormsFor(PIP), [after], 'the other participant can still answer');
      assert.deepEqual(await jags.describe(who), []);
      await s.queue.stop();
    });

    it('puts "(erased)" for an erased facilitator, who is then sent no summary', async () => {
      const { s, clock, transport, session } = await openSession();
      const who = s.people.subjectOf('fay@police.example');
      const jags = source(s, 'jags');
      assert.deepEqual(counts(await jags.describe(who)), { 'JAGS sessions they facilitated': 1 });
      await jags.erase(who);
      assert.deepEqual(s.jags.session(session.id).facilitatorIds, ['(erased)', 'fred@health.example']);
      clock.set('2025-01-28T09:00:00Z');
      await s.scheduler.runNow();
      await s.queue.idle();
      assert.deepEqual(transport.delivered.filter((d) => d.delivery.kind === 'jags-summary').map((d) => d.delivery.personId), ['fred@health.example']);
      assert.equal((await s.queue.records(`jags-${session.id}`)).filter((d) => d.personId === '(erased)').length, 0, 'no record is made for "(erased)"');
      await s.queue.stop();
    });
  });

  describe('through the privacy piece', () => {
    it('erases across every holder at once, and the report says what went per holder', async () => {
      const { s } = await setup();
      // Inside the 7-day window: reminders are queued for Sam and Jo.
      const m = await s.meetings.schedule({ groupId: 'lscg-south', date: '2025-09-05', time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/x' }, 'aad-bu');
      await s.rsvps.record(`29:${SAM}`, { meetingId: m.id, response: 'attending' });
      const before = await s.privacy.describe(SAM);
      assert.deepEqual(before.sources.map((x) => x.source), ['people', 'deliveries', 'meetings']);
      const erased = await s.privacy.erase(SAM);
      assert.equal(erased.total, before.total);
      assert.deepEqual(sourceOf(erased, 'meetings'), { 'Their replies to LSCG meetings': 1 });
      assert.equal((await s.privacy.describe(SAM)).total, 0);
      assert.ok((await s.privacy.describe('jo@police.example')).total > 0, 'Jo is untouched');
    });
  });
});
