import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, RETENTION_DEFAULTS } from '../../services/config.js';
import { inputId } from '../../services/forms/answers.js';
import { orgKey } from '../../services/features/section11/section11.js';
import { createLogger } from '../../services/logger.js';
import { monthsBefore } from '../../services/retention/retention.js';
import type { Meeting } from '../../services/features/meetings/meetings.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { ManualClock, memoryServices, openServices, RecordingTransport, seedPeople, testConfig } from '../support/services.js';

const PEOPLE = [
  { email: 'sam@police.example', name: 'Sam Police', org: 'Norfolk Constabulary', groups: 'Section 11 leads;LSCG South' },
  { email: 'helen@nchc.example', name: 'Helen Bradley', org: 'NCHC', groups: 'LSCG South' },
  { email: 'fay@police.example', name: 'Fay Facilitator', org: 'Norfolk Constabulary', groups: 'JAGS facilitators' },
  { email: 'fred@health.example', name: 'Fred Facilitator', org: 'NCHC', groups: 'JAGS facilitators' },
];
const PAT = 'pat@school.example';
const S11_ANSWERS: Record<string, Record<string, string>> = {
  overview: { [inputId('overview')]: 'Staff are confident.', [inputId('voice')]: 'A youth panel.' },
  fcn: { [inputId('fcn-embedded')]: 'Embedded.', [inputId('father-inclusive')]: 'Fathers invited.', [inputId('father-champions')]: 'yes' },
  neglect: { [inputId('anoof-aware')]: 'some', [inputId('toolkit')]: 'Graded Care Profile.' },
  exploitation: { [inputId('exploitation')]: 'Training.' },
  other: {},
};

/**
 * A year of activity on 1 September 2025 (a meeting, a Section 11 cycle, a JAGS session), then
 * the clock moves on and the daily job runs: each kind goes when its period from the config has
 * passed, and not a day before.
 */
async function busyYear() {
  const clock = new ManualClock(Date.parse('2025-09-01T08:00:00Z'));
  const lines: string[] = [];
  const transport = new RecordingTransport();
  const s = await memoryServices(clock, testConfig(), transport);
  (s.retention as unknown as { log: unknown }).log = createLogger('debug', (l) => lines.push(l));
  await seedPeople(s, PEOPLE);
  await s.people.recordInstallation({ id: `29:${PAT}`, email: PAT, reference: {} });
  s.queue.start();
  const meeting = await s.meetings.schedule({ groupId: 'lscg-south', date: '2025-09-05', time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/x' }, 'aad-bu');
  await s.rsvps.record('29:helen@nchc.example', { meetingId: meeting.id, response: 'deputy', deputyName: 'Dee Puty' });
  const cycle = await s.section11.openCycle({ year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: orgKey('Norfolk Constabulary') }, 'aad-bu');
  for (const [sectionId, answers] of Object.entries(S11_ANSWERS)) await s.section11.saveDraft('29:sam@police.example', { cycleId: cycle.id, sectionId, ...answers });
  await s.section11.submit('29:sam@police.example', { cycleId: cycle.id, sectionId: 'other' });
  const request = await s.jags.logRequest({ receivedOn: '2025-08-28', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
  const signposted = await s.jags.logRequest({ receivedOn: '2025-08-29', agency: 'NNUH', role: 'Paediatrician', outcome: 'signposted', signpostedTo: 'ICB' });
  const { session } = await s.jags.logSession({ requestId: request.id, date: '2025-08-31', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'fred@health.example', participants: PAT });
  await s.scheduler.runNow();
  await s.queue.idle();
  await s.jags.submit(`29:${PAT}`, { sessionId: session.id, sectionId: 'feedback', [inputId('listened')]: '5', [inputId('safe-space')]: '4', [inputId('child-centred')]: '5', [inputId('do-differently')]: 'no' });
  await s.section11.closeCycle(cycle.id);
  // Feedback opened at the first run (1 September) and closes itself 14 days later, at the run on the 20th; the facilitators get the summary.
  clock.set('2025-09-20T08:00:00Z');
  await s.scheduler.runNow();
  await s.queue.idle();
  return { s, clock, lines, meeting, cycle, session, request, signposted };
}

type World = Awaited<ReturnType<typeof busyYear>>;

async function state(w: World) {
  const { s } = w;
  return {
    meeting: !!s.meetings.get(w.meeting.id),
    rsvps: (await s.rsvps.forMeeting(w.meeting.id)).length,
    meetingDeliveries: (await s.queue.records(`meeting-${w.meeting.id}`)).length,
    cycle: s.section11.allCycles().length,
    returns: (await s.section11.allReturns(w.cycle.id)).length,
    s11Deliveries: (await s.queue.records(`s11-${w.cycle.id}`)).length,
    session: s.jags.allSessions().length,
    feedback: (await s.jags.summary(w.session.id).catch(() => ({ answered: 0 }))).answered,
    responded: (await s.jags.sessionsAbout(PAT)).responded.length,
    jagsDeliveries: (await s.queue.records(`jags-${w.session.id}`)).length,
    requests: s.jags.allRequests().length,
  };
}

/** Moves the clock and lets the scheduler's first run of that day do the daily job. */
async function dayOf(w: World, iso: string) {
  w.clock.set(iso);
  await w.s.scheduler.runNow();
  await w.s.queue.idle();
  return state(w);
}

describe('retention', () => {
  it('counts calendar months back, the 31st becoming the month\'s last day', () => {
    assert.equal(monthsBefore(new Date('2026-03-31T10:00:00Z'), 1).toISOString(), '2026-02-28T10:00:00.000Z');
    assert.equal(monthsBefore(new Date('2026-09-01T00:00:00Z'), 12).toISOString(), '2025-09-01T00:00:00.000Z');
    assert.equal(monthsBefore(new Date('2026-01-15T00:00:00Z'), 72).toISOString(), '2020-01-15T00:00:00.000Z');
  });

  it('removes each kind of record when its period has passed, and not before, logging counts only', async () => {
    const w = await busyYear();
    const full = await state(w);
    assert.deepEqual(full, { meeting: true, rsvps: 1, meetingDeliveries: 2, cycle: 1, returns: 1, s11Deliveries: 1, session: 1, feedback: 1, responded: 1, jagsDeliveries: 3, requests: 2 });

    // A day short of twelve months after the meeting, nothing has gone.
    assert.deepEqual(await dayOf(w, '2026-09-04T09:00:00Z'), full);
    // Twelve months after the meeting: its message records go; the session closed on 20 September, so its records stay.
    assert.deepEqual(await dayOf(w, '2026-09-05T10:00:00Z'), { ...full, meetingDeliveries: 0 });
    assert.deepEqual(await dayOf(w, '2026-09-19T09:00:00Z'), { ...full, meetingDeliveries: 0 });
    // Twelve months after the session closed: who was asked and who answered goes; the feedback stays.
    assert.deepEqual(await dayOf(w, '2026-09-20T09:00:00Z'), { ...full, meetingDeliveries: 0, responded: 0, jagsDeliveries: 0 });
    // Twelve months after the closed cycle's deadline: its message records go; the return stays.
    const year = await dayOf(w, '2026-11-01T09:00:00Z');
    assert.deepEqual(year, { ...full, meetingDeliveries: 0, responded: 0, jagsDeliveries: 0, s11Deliveries: 0 });
    // Two years after the meeting: the RSVPs and the meeting.
    assert.deepEqual(await dayOf(w, '2027-09-05T10:00:00Z'), { ...year, meeting: false, rsvps: 0 });
    // Three years: the signposted request (no session) goes; the session and its request go together after the session's three years.
    const three = await dayOf(w, '2028-08-30T09:00:00Z');
    assert.deepEqual(three, { ...year, meeting: false, rsvps: 0, requests: 1 });
    assert.deepEqual(await dayOf(w, '2028-09-01T09:00:00Z'), { ...three, session: 0, feedback: 0, requests: 0 });
    // Six years after the deadline: the Section 11 cycle and its return.
    assert.equal((await dayOf(w, '2031-10-31T09:00:00Z')).cycle, 1);
    assert.deepEqual(await dayOf(w, '2031-11-01T09:00:00Z'), { ...full, meeting: false, rsvps: 0, meetingDeliveries: 0, cycle: 0, returns: 0, s11Deliveries: 0, session: 0, feedback: 0, responded: 0, jagsDeliveries: 0, requests: 0 });

    const removed = w.lines.filter((l) => l.includes('"retention.removed"')).map((l) => JSON.parse(l));
    assert.ok(removed.some((l) => l.source === 'meetings' && l.meetings === 1 && l.rsvps === 1));
    assert.ok(removed.some((l) => l.source === 'section11' && l.cycles === 1 && l.returns === 1));
    const all = w.lines.join('\n');
    for (const secret of ['sam@police.example', 'Sam Police', 'Dee Puty', PAT, 'Staff are confident']) assert.ok(!all.includes(secret), `the log mentions ${secret}`);
    await w.s.queue.stop();
  });

  it('runs once a day, at the first scheduler run at or after 02:00 UK time, however often it ticks', async () => {
    const w = await busyYear();
    const ran = () => w.lines.filter((l) => l.includes('"retention.ran"')).length;
    const before = ran();
    await dayOf(w, '2025-09-20T09:00:00Z');
    await dayOf(w, '2025-09-20T22:59:00Z');
    await dayOf(w, '2025-09-21T00:59:00Z'); // 01:59 BST on the 21st: not yet
    assert.equal(ran(), before);
    await dayOf(w, '2025-09-21T01:00:00Z'); // 02:00 BST
    await dayOf(w, '2025-09-21T01:01:00Z');
    assert.equal(ran(), before + 1);
    // Down over the next 02:00: the first run after it sweeps, once.
    await dayOf(w, '2025-09-22T15:00:00Z');
    await dayOf(w, '2025-09-22T15:01:00Z');
    assert.equal(ran(), before + 2);
    await w.s.queue.stop();
  });

  it('notes the time on the first start and sweeps nothing then; the next 02:00 sweeps, and a restart that day does not sweep again', async () => {
    const clock = new ManualClock(Date.parse('2025-09-01T10:00:00Z'));
    const lines: string[] = [];
    const store = new MemoryStore();
    const open = async () => {
      const s = await openServices({ config: testConfig(), store, clock, log: createLogger('debug', (l) => lines.push(l)), transport: new RecordingTransport() });
      return s;
    };
    // A store that already holds a meeting from three years ago, as an upgrade would find.
    await (await store.collection<Meeting>('meetings')).put({ id: 'mtg-old', groupId: 'lscg-south', mode: 'online', startsAt: '2022-06-01T09:00:00.000Z', agenda: [], status: 'scheduled', version: 1, createdBy: 'x', createdAt: '2022-05-01T09:00:00.000Z', updatedAt: '2022-05-01T09:00:00.000Z' });
    let s = await open();
    await s.scheduler.runNow();
    assert.ok(s.meetings.get('mtg-old'), 'not swept while starting');
    assert.ok(lines.some((l) => l.includes('"retention.first_start"')));
    clock.set('2025-09-02T01:00:00Z');
    await s.scheduler.runNow();
    assert.equal(s.meetings.get('mtg-old'), undefined, 'swept at 02:00');
    const ran = lines.filter((l) => l.includes('"retention.ran"')).length;
    clock.set('2025-09-02T12:00:00Z');
    s = await open();
    await s.scheduler.runNow();
    assert.equal(lines.filter((l) => l.includes('"retention.ran"')).length, ran, 'the last sweep is kept in the store: a restart does not sweep again that day');
  });

  it('removes installations uninstalled or blocked for a year, and roster pastes never imported after a week', async () => {
    const clock = new ManualClock(Date.parse('2025-09-01T08:00:00Z'));
    const s = await memoryServices(clock);
    await seedPeople(s, PEOPLE);
    await s.people.markInstallation('29:helen@nchc.example', 'uninstalled');
    await s.people.previewImport('new@x.example\tNew Person\tNCC\tLSCG South', 'aad-bu');
    clock.set('2025-09-08T09:00:00Z');
    assert.deepEqual((await s.retention.runNow()).people, { installations: 0, rosterPastes: 1 });
    clock.set('2026-09-01T09:00:00Z');
    assert.deepEqual((await s.retention.runNow()).people, { installations: 1, rosterPastes: 0 });
    assert.equal(s.people.installationOf('helen@nchc.example'), undefined);
    assert.ok(s.people.installationOf('sam@police.example'), 'an installation in use stays, however old');
    assert.ok(s.people.person('helen@nchc.example'), 'the roster is the business unit\'s to keep');
  });

  it('follows the periods in the partnership config', async () => {
    const clock = new ManualClock(Date.parse('2025-09-01T08:00:00Z'));
    const dir = mkdtempSync(path.join(tmpdir(), 'ret-'));
    const file = path.join(dir, 'p.json');
    const base = JSON.parse(readFileSync('config/norfolk.json', 'utf8'));
    writeFileSync(file, JSON.stringify({ ...base, retention: { ...base.retention, rosterPastesDays: 30 } }));
    const s = await memoryServices(clock, testConfig({ PARTNERSHIP_CONFIG: file }), new RecordingTransport());
    await s.people.previewImport('new@x.example\tNew Person\tNCC\tLSCG South', 'aad-bu');
    clock.set('2025-09-08T09:00:00Z');
    assert.equal((await s.retention.runNow()).people.rosterPastes, 0);
    clock.set('2025-10-01T09:00:00Z');
    assert.equal((await s.retention.runNow()).people.rosterPastes, 1);
  });

  describe('its config', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ret-cfg-'));
    const file = path.join(dir, 'p.json');
    const base = JSON.parse(readFileSync('config/norfolk.json', 'utf8'));
    const load = (retention: unknown) => {
      writeFileSync(file, JSON.stringify({ ...base, retention }));
      return loadConfig({ PARTNERSHIP_CONFIG: file });
    };

    it('has the stated defaults, in config/norfolk.json too, and uses them when the section is left out', () => {
      assert.deepEqual(RETENTION_DEFAULTS, { deliveryRecordsMonths: 12, meetingsMonths: 24, rsvpsMonths: 24, section11Months: 72, jagsRequestsMonths: 36, jagsSessionsMonths: 36, newslettersMonths: 24, uninstalledAppMonths: 12, rosterPastesDays: 7 });
      assert.deepEqual(loadConfig({}).partnership.retention, RETENTION_DEFAULTS);
      assert.deepEqual(base.retention, RETENTION_DEFAULTS);
      assert.deepEqual(load(undefined).partnership.retention, RETENTION_DEFAULTS);
      assert.equal(load({ meetingsMonths: 36 }).partnership.retention.meetingsMonths, 36);
    });

    it('refuses an unknown key, a bad number and RSVPs kept longer than their meeting, naming the key and the fix', () => {
      assert.throws(() => load({ meetingMonths: 24 }), (e: unknown) => e instanceof ConfigError && /retention\.meetingMonths: unknown setting; did you mean meetingsMonths\?/.test(e.message));
      assert.throws(() => load({ section11Months: 0 }), (e: unknown) => e instanceof ConfigError && /retention\.section11Months: 0 is out of range: use a whole number of months from 1 to 240\./.test(e.message));
      assert.throws(() => load({ rosterPastesDays: 1.5 }), /retention\.rosterPastesDays: must be a whole number of days/);
      assert.throws(() => load({ rsvpsMonths: 36 }), /retention\.rsvpsMonths: is 36, longer than meetingsMonths \(24\): RSVPs go with their meeting/);
      assert.throws(() => load([12]), /retention: must be how long records are kept, e\.g\. \{ "meetingsMonths": 24 \}, not a list/);
    });
  });
});
