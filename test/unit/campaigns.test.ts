import assert from 'node:assert/strict';
import { answersCsv } from '../../services/campaigns/answers-csv.js';
import { Campaigns, pageOf, type CampaignRecord, type CampaignSpec, type Recipient } from '../../services/campaigns/campaigns.js';
import type { Delivery } from '../../services/delivery/deliveries.js';
import type { FormDefinition } from '../../services/forms/definition.js';
import { silentLogger } from '../../services/logger.js';
import { openSharedServices, type SharedServices } from '../../services/shared-services.js';
import { MemoryStore } from '../../services/store/file-store.js';
import type { Collection } from '../../services/store/store.js';
import { UserFacingError } from '../../services/validation.js';
import { ManualClock, RecordingTransport, testConfig } from '../support/services.js';

/**
 * The engine on its own, with a made-up kind of campaign ("a poll"), so what it promises holds
 * for every feature built on it, not only for Section 11 and JAGS.
 */
interface Poll extends CampaignRecord {
  opensAt?: string;
  deadline: string;
  closedAt?: string;
}

const HOUR = 3_600_000;
const START = Date.parse('2025-03-03T09:00:00Z');

describe('campaign engine', () => {
  let clock: ManualClock;
  let shared: SharedServices;
  let polls: Collection<Poll>;
  /** Who is asked; tests add and remove people between runs. */
  let audience: Recipient[];
  const answered = new Set<string>();

  function spec(overrides: Partial<CampaignSpec<Poll>> = {}): CampaignSpec<Poll> {
    return {
      name: 'poll',
      records: polls,
      kinds: { prompt: 'poll-prompt', reminder: 'poll-reminder', chase: 'poll-chase' },
      audience: () => audience,
      answered: async () => (key) => answered.has(key),
      // Reminders two days and one day before the deadline.
      reminderRules: (c) => [2, 1].map((days) => ({ id: `${days}d`, dueAt: Date.parse(c.deadline) - days * 24 * HOUR })),
      remindUntil: (c) => Date.parse(c.deadline),
      closesAt: (c) => Date.parse(c.deadline) + 7 * 24 * HOUR,
      close: (c, now) => ({ ...c, status: 'closed', closedAt: new Date(now).toISOString() }),
      words: { notFound: 'No such poll.', closed: 'That poll is closed.', notInCampaign: 'Not in this poll.' },
      ...overrides,
    };
  }
  const engine = (overrides: Partial<CampaignSpec<Poll>> = {}) => new Campaigns(spec(overrides), shared.queue, clock, silentLogger);
  const records = async (id = 'p1'): Promise<Delivery[]> => shared.queue.records(`poll-${id}`);
  const sentTo = async (kind: string, id = 'p1') => (await records(id)).filter((d) => d.kind === kind).map((d) => d.personId).sort();

  beforeEach(async () => {
    clock = new ManualClock(START);
    answered.clear();
    audience = [
      { personId: 'ann@a.example', answerKey: 'org-a' },
      { personId: 'abe@a.example', answerKey: 'org-a' },
      { personId: 'bea@b.example', answerKey: 'bea@b.example' },
    ];
    shared = await openSharedServices({ config: testConfig(), store: new MemoryStore(), clock, log: silentLogger, transport: new RecordingTransport() });
    polls = await shared.store.collection<Poll>('polls');
    await polls.put({ id: 'p1', status: 'open', deadline: new Date(START + 10 * 24 * HOUR).toISOString() });
  });

  it('prompts everyone in the audience once, across runs, and people added later too', async () => {
    const e = engine();
    assert.equal(await e.tick(), 3);
    assert.equal(await e.tick(), 0, 'a second run sends nothing again');
    audience.push({ personId: 'cal@c.example', answerKey: 'cal@c.example' });
    assert.equal(await e.tick(), 1);
    assert.deepEqual(await sentTo('poll-prompt'), ['abe@a.example', 'ann@a.example', 'bea@b.example', 'cal@c.example']);
  });

  it('asks nobody whose answer is in, and co-leads sharing an answer stop together', async () => {
    answered.add('org-a');
    await engine().tick();
    assert.deepEqual(await sentTo('poll-prompt'), ['bea@b.example']);
    assert.deepEqual((await engine().waiting(polls.get('p1')!)).map((r) => r.personId), ['bea@b.example']);
  });

  it('sends only the latest reminder that is due, once each, and none after the deadline', async () => {
    const e = engine();
    await e.tick();
    clock.set('2025-03-11T09:00:00Z'); // two days before
    assert.equal(await e.tick(), 3);
    assert.equal(await e.tick(), 0, 'the same reminder is not sent twice');
    answered.add('bea@b.example');
    clock.set('2025-03-12T09:00:00Z'); // one day before
    await e.tick();
    const reminders = (await records()).filter((d) => d.kind === 'poll-reminder').map((d) => d.id).sort();
    assert.deepEqual(reminders, ['poll-reminder:p1:1d:abe@a.example', 'poll-reminder:p1:1d:ann@a.example', 'poll-reminder:p1:2d:abe@a.example', 'poll-reminder:p1:2d:ann@a.example', 'poll-reminder:p1:2d:bea@b.example']);
    clock.set('2025-03-13T10:00:00Z'); // after the deadline
    assert.equal(await e.tick(), 0);
  });

  it('after downtime sends only the latest reminder due, and a new engine over the same store sends nothing twice', async () => {
    await engine().tick();
    clock.set('2025-03-12T12:00:00Z'); // both reminders fell due while the bot was down
    assert.equal(await engine().tick(), 3);
    assert.deepEqual([...new Set((await records()).filter((d) => d.kind === 'poll-reminder').map((d) => d.id.split(':')[2]))], ['1d']);
    assert.equal(await engine().tick(), 0, 'a restart does not send again');
  });

  it('does not remind someone straight after their first prompt', async () => {
    await engine().tick();
    clock.set('2025-03-11T10:00:00Z');
    audience.push({ personId: 'late@c.example', answerKey: 'late@c.example' });
    await engine().tick();
    assert.deepEqual(await sentTo('poll-reminder'), ['abe@a.example', 'ann@a.example', 'bea@b.example']);
    assert.ok((await sentTo('poll-prompt')).includes('late@c.example'));
  });

  it('lets a feature decide who may be reminded, e.g. only after the prompt was delivered for a while', async () => {
    const e = engine({ reminderRules: () => [{ id: 'once', dueAt: START + HOUR, eligible: (p) => p.status === 'sent' }] });
    await e.tick();
    const first = (await records()).find((d) => d.personId === 'bea@b.example')!;
    await (await shared.store.collection<Delivery>('deliveries/poll-p1')).put({ ...first, status: 'sent', sentAt: new Date(START).toISOString() });
    clock.advance(2 * HOUR);
    await e.tick();
    assert.deepEqual(await sentTo('poll-reminder'), ['bea@b.example']);
  });

  it('chases one answer key or all, never those who answered, and a double press sends once', async () => {
    const e = engine();
    answered.add('bea@b.example');
    assert.equal(await e.chase('p1', 'org-a'), 2);
    assert.equal(await e.chase('p1'), 0, 'pressed again within the minute');
    clock.advance(60_000);
    assert.equal(await e.chase('p1'), 2);
    assert.deepEqual(await sentTo('poll-chase'), ['abe@a.example', 'abe@a.example', 'ann@a.example', 'ann@a.example']);
    await assert.rejects(e.chase('p1', 'org-z'), (err: unknown) => err instanceof UserFacingError && err.message === 'Not in this poll.');
    await assert.rejects(e.chase('nope'), (err: unknown) => err instanceof UserFacingError && err.code === 'not-found' && err.message === 'No such poll.');
  });

  it('closes by hand: nobody is prompted, reminded or chased after', async () => {
    const e = engine();
    const closed = await e.close('p1');
    assert.equal(closed.status, 'closed');
    assert.equal(polls.get('p1')!.status, 'closed', 'stored');
    assert.equal(await e.tick(), 0);
    await assert.rejects(e.chase('p1'), (err: unknown) => err instanceof UserFacingError && err.code === 'closed');
    assert.deepEqual(await e.close('p1'), closed, 'closing twice changes nothing');
  });

  it('opens a scheduled campaign when due, closes it at its deadline, then tells who it must for a while', async () => {
    await polls.put({ id: 'p2', status: 'scheduled', opensAt: new Date(START + HOUR).toISOString(), deadline: new Date(START + 3 * HOUR).toISOString() });
    const e = engine({
      records: polls,
      opening: { at: (c) => Date.parse(c.opensAt!), open: (c) => ({ ...c, status: 'open' }) },
      closesAt: (c) => Date.parse(c.deadline),
      reminderRules: () => [],
      afterClose: { kind: 'poll-result', to: () => ['owner@bu.example'], until: (c) => Date.parse(c.closedAt!) + HOUR },
    });
    await e.tickOne(polls.get('p2')!);
    assert.equal(polls.get('p2')!.status, 'scheduled');
    assert.deepEqual(await sentTo('poll-prompt', 'p2'), []);
    clock.advance(HOUR);
    await e.tickOne(polls.get('p2')!);
    assert.equal(polls.get('p2')!.status, 'open');
    assert.equal((await sentTo('poll-prompt', 'p2')).length, 3);
    clock.advance(2 * HOUR);
    await e.tickOne(polls.get('p2')!);
    assert.equal(polls.get('p2')!.status, 'closed');
    assert.deepEqual(await sentTo('poll-result', 'p2'), ['owner@bu.example']);
    clock.advance(2 * HOUR);
    await e.tickOne(polls.get('p2')!);
    assert.equal((await records('p2')).filter((d) => d.kind === 'poll-result').length, 1, 'told once, and not after the window');
  });

  it('prompts everyone in the audience when it opens, and people who join later only if the feature admits them', async () => {
    await polls.put({ id: 'p2', status: 'scheduled', opensAt: new Date(START + HOUR).toISOString(), deadline: new Date(START + 10 * 24 * HOUR).toISOString() });
    const admitted = new Set<string>();
    const e = engine({
      opening: { at: (c) => (c.opensAt ? Date.parse(c.opensAt) : Infinity), open: (c) => ({ ...c, status: 'open' }) },
      admitLate: (_c, personId) => admitted.has(personId),
    });
    clock.advance(HOUR);
    await e.tickOne(polls.get('p2')!);
    assert.deepEqual(await sentTo('poll-prompt', 'p2'), ['abe@a.example', 'ann@a.example', 'bea@b.example'], 'everyone there at opening, without asking the feature');
    audience.push({ personId: 'cal@c.example', answerKey: 'cal@c.example' }, { personId: 'dee@d.example', answerKey: 'dee@d.example' });
    admitted.add('dee@d.example');
    assert.equal(await e.tickOne(polls.get('p2')!), 1);
    assert.deepEqual(await sentTo('poll-prompt', 'p2'), ['abe@a.example', 'ann@a.example', 'bea@b.example', 'dee@d.example'], 'the late joiner the feature admits, not the other');
  });

  it('cannot chase a campaign whose kind has no chase message', async () => {
    await assert.rejects(engine({ kinds: { prompt: 'poll-prompt', reminder: 'poll-reminder' } }).chase('p1'), /no chase message/);
  });

  it('pages status rows, clamping a page that does not exist', () => {
    const rows = Array.from({ length: 32 }, (_, i) => i);
    assert.deepEqual(pageOf(rows, 0), { rows: rows.slice(0, 15), page: 0, pages: 3 });
    assert.deepEqual(pageOf(rows, 2).rows, [30, 31]);
    assert.equal(pageOf(rows, 99).page, 2);
    assert.equal(pageOf(rows, 'x').page, 0);
    assert.deepEqual(pageOf([], 0), { rows: [], page: 0, pages: 1 });
  });

  it('exports answers for Excel: the feature\'s columns, then one column per question', () => {
    const form: FormDefinition = { id: 'f', title: 'F', sections: [{ id: 's', title: 'S', questions: [{ id: 'q1', kind: 'short-text', label: 'Name of team', required: true }, { id: 'q2', kind: 'yes-no', label: 'Cascaded?', required: false }] }] };
    const csv = answersCsv(form, ['Organisation'], [{ cells: ['Org A'], answers: { q1: '=SUM(A1)', q2: true } }, { cells: ['Org B'] }]);
    assert.equal(csv, '\uFEFF"Organisation","Name of team","Cascaded?"\r\n"Org A","\'=SUM(A1)","Yes"\r\n"Org B","",""\r\n');
  });
});
