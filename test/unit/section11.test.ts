import { s11StatusCard } from '../../adaptive-cards/features/section11/section11.js';
import { statusView } from '../../services/features/section11/views.js';
import assert from 'node:assert/strict';
import { inputId } from '../../services/forms/answers.js';
import { AnswersInvalidError, FormIncompleteError } from '../../services/forms/errors.js';
import { orgKey } from '../../services/features/section11/section11.js';
import { UserFacingError } from '../../services/validation.js';
import { ManualClock, memoryServices, RecordingTransport, seedPeople } from '../support/services.js';

const LEADS = [
  { email: 'jo@police.example', name: 'Jo Police', org: 'Norfolk Constabulary', groups: 'Section 11 leads' },
  { email: 'sam@police.example', name: 'Sam Police', org: 'Norfolk Constabulary', groups: 'Section 11 leads;LSCG South' },
  { email: 'ann@city.example', name: 'Ann City', org: 'Norwich City Council', groups: 'Section 11 leads' },
  { email: 'not.lead@city.example', name: 'Not Lead', org: 'Norwich City Council', groups: 'LSCG South' },
];

/** Every required answer of the default partners' form, as a card would send them, section by section. */
const FULL: Record<string, Record<string, string>> = {
  overview: { [inputId('overview')]: 'Staff are confident; concerns go to the DSL.', [inputId('voice')]: 'Young people sit on our panel.' },
  fcn: { [inputId('fcn-embedded')]: 'Well embedded.', [inputId('father-inclusive')]: 'Fathers are invited to every meeting.', [inputId('father-champions')]: 'yes' },
  neglect: { [inputId('anoof-aware')]: 'some', [inputId('toolkit')]: 'We use the Graded Care Profile.' },
  exploitation: { [inputId('exploitation')]: 'Training for all frontline staff.' },
  other: {},
};

async function setup(now = '2025-09-01T10:00:00Z') {
  const clock = new ManualClock(Date.parse(now));
  const transport = new RecordingTransport();
  const s = await memoryServices(clock, undefined, transport);
  await seedPeople(s, LEADS);
  s.queue.start();
  const cycle = await s.section11.openCycle({ year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: `${orgKey('Norfolk Constabulary')},${orgKey('Norwich City Council')}` }, 'bu');
  await s.queue.idle();
  return { s, clock, transport, cycle };
}

async function submitAll(s: Awaited<ReturnType<typeof setup>>['s'], user: string, cycleId: string) {
  for (const [sectionId, answers] of Object.entries(FULL)) await s.section11.saveDraft(user, { cycleId, sectionId, ...answers });
  return s.section11.submit(user, { cycleId, sectionId: 'other' });
}

describe('Section 11 returns', () => {
  it('prompts every lead of every organisation taking part once, and nobody else', async () => {
    const { s, transport } = await setup();
    const prompted = transport.delivered.filter((d) => d.delivery.kind === 's11-prompt').map((d) => d.delivery.personId).sort();
    assert.deepEqual(prompted, ['ann@city.example', 'jo@police.example', 'sam@police.example']);
    await s.scheduler.runNow();
    await s.queue.idle();
    assert.equal(transport.delivered.filter((d) => d.delivery.kind === 's11-prompt').length, 3);
  });

  it('refuses a bad cycle: past deadline, unknown organisation, a second open cycle for the same year and track', async () => {
    const { s } = await setup();
    await assert.rejects(s.section11.openCycle({ year: '2025', trackId: 'schools-early-years', deadline: '2025-08-01', organisations: orgKey('Norfolk Constabulary') }, 'bu'), (e: unknown) => e instanceof AnswersInvalidError && /already passed/.test(e.errors.deadline));
    await assert.rejects(s.section11.openCycle({ year: '2025', trackId: 'schools-early-years', deadline: '2025-12-01', organisations: 'made-up-org' }, 'bu'), (e: unknown) => e instanceof AnswersInvalidError && /not on the roster/.test(e.errors.organisations));
    await assert.rejects(s.section11.openCycle({ year: '2025', trackId: 'partners', deadline: '2025-12-01', organisations: orgKey('Norfolk Constabulary') }, 'bu'), (e: unknown) => e instanceof AnswersInvalidError && /already open/.test(e.errors.trackId));
    assert.equal(s.section11.allCycles().length, 1);
  });

  it('co-leads share one draft, which says who last changed it', async () => {
    const { s, clock, cycle } = await setup();
    await s.section11.saveDraft('29:jo@police.example', { cycleId: cycle.id, sectionId: 'overview', ...FULL.overview });
    clock.advance(60_000);
    const { ret } = await s.section11.saveDraft('29:sam@police.example', { cycleId: cycle.id, sectionId: 'fcn', ...FULL.fcn });
    assert.equal(ret.draftByName, 'Sam Police');
    assert.equal(ret.draft?.overview, FULL.overview[inputId('overview')], "Sam's save kept Jo's answers");
    assert.equal(ret.draft?.['father-champions'], true);
  });

  it('takes the organisation from the roster, not the card, and refuses people who are not leads', async () => {
    const { s, cycle } = await setup();
    await assert.rejects(s.section11.saveDraft('29:not.lead@city.example', { cycleId: cycle.id, sectionId: 'overview', ...FULL.overview }), (e: unknown) => e instanceof UserFacingError && e.code === 'forbidden');
    // A forged "org" field is ignored: Ann's answers land on Norwich City Council's return only.
    await s.section11.saveDraft('29:ann@city.example', { cycleId: cycle.id, org: orgKey('Norfolk Constabulary'), sectionId: 'overview', ...FULL.overview });
    assert.equal(await s.section11.returnOf(cycle.id, orgKey('Norfolk Constabulary')), undefined);
    assert.ok(await s.section11.returnOf(cycle.id, orgKey('Norwich City Council')));
  });

  it('validates answers on the server: too long, unknown choice, required missing on submit', async () => {
    const { s, cycle } = await setup();
    await assert.rejects(s.section11.saveDraft('29:ann@city.example', { cycleId: cycle.id, sectionId: 'overview', [inputId('overview')]: 'x'.repeat(2001) }), (e: unknown) => e instanceof AnswersInvalidError && /2000/.test(e.errors[inputId('overview')]));
    await assert.rejects(s.section11.saveDraft('29:ann@city.example', { cycleId: cycle.id, sectionId: 'neglect', [inputId('anoof-aware')]: 'everyone-always' }), AnswersInvalidError);
    await s.section11.saveDraft('29:ann@city.example', { cycleId: cycle.id, sectionId: 'overview', ...FULL.overview });
    await assert.rejects(s.section11.submit('29:ann@city.example', { cycleId: cycle.id, sectionId: 'other' }), (e: unknown) => e instanceof FormIncompleteError && e.sectionIndex === 1 && !!e.errors[inputId('fcn-embedded')]);
    const r = await s.section11.returnOf(cycle.id, orgKey('Norwich City Council'));
    assert.equal(r?.submitted, undefined, 'nothing submitted');
  });

  it('stores the same submission once, and marks a return after the deadline late but accepts it', async () => {
    const { s, clock, cycle } = await setup();
    const first = await submitAll(s, '29:ann@city.example', cycle.id);
    assert.equal(first.changed, true);
    assert.equal(first.ret.late, false);
    const again = await s.section11.submit('29:ann@city.example', { cycleId: cycle.id, sectionId: 'other' });
    assert.equal(again.changed, false);
    assert.equal(again.ret.submittedAt, first.ret.submittedAt);
    clock.set('2025-11-01T00:30:00Z'); // 00:30 GMT on 1 November: the deadline was the end of 31 October
    const late = await submitAll(s, '29:jo@police.example', cycle.id);
    assert.equal(late.ret.late, true);
    // Ann corrects her on-time return after the deadline: it stays on time.
    await s.section11.saveDraft('29:ann@city.example', { cycleId: cycle.id, sectionId: 'exploitation', [inputId('exploitation')]: 'Training for all staff, corrected.' });
    const corrected = await s.section11.submit('29:ann@city.example', { cycleId: cycle.id, sectionId: 'other' });
    assert.equal(corrected.changed, true);
    assert.equal(corrected.ret.late, false);
  });

  it('does not send a reminder a minute after the prompt when a cycle opens inside a reminder window', async () => {
    const { s, clock, transport } = await setup('2025-10-25T10:00:00Z'); // 6 days before the deadline
    clock.advance(60_000);
    await s.scheduler.runNow();
    await s.queue.idle();
    assert.equal(transport.delivered.filter((d) => d.delivery.kind === 's11-reminder').length, 0);
    clock.set('2025-10-30T09:00:00Z'); // the 1-day reminder, due after the prompt
    await s.scheduler.runNow();
    await s.queue.idle();
    assert.equal(transport.delivered.filter((d) => d.delivery.kind === 's11-reminder').length, 3);
  });

  it('reminds leads of organisations that have not submitted at 14, 7 and 1 days, once each, only the latest due', async () => {
    const { s, clock, transport, cycle } = await setup('2025-10-01T10:00:00Z');
    await submitAll(s, '29:ann@city.example', cycle.id);
    const reminders = () => transport.delivered.filter((d) => d.delivery.kind === 's11-reminder').map((d) => `${d.delivery.id.split(':')[2]}:${d.delivery.personId}`);
    for (const t of ['2025-10-17T07:59:00Z', '2025-10-17T08:00:00Z', '2025-10-17T12:00:00Z', '2025-10-29T12:00:00Z', '2025-10-30T10:00:00Z', '2025-10-31T20:00:00Z', '2025-11-02T09:00:00Z']) {
      clock.set(t);
      await s.scheduler.runNow();
      await s.queue.idle();
    }
    // 17 October 09:00 BST is 14 days before; 24 October was skipped over (no tick then), so on
    // 29 October the 7-day reminder goes; the 1-day one on 30 October after 09:00 GMT.
    assert.deepEqual(reminders().sort(), ['1:jo@police.example', '1:sam@police.example', '14:jo@police.example', '14:sam@police.example', '7:jo@police.example', '7:sam@police.example'].sort());
  });

  it('chases now only organisations that have not submitted, and a double press sends once', async () => {
    const { s, transport, cycle } = await setup();
    await submitAll(s, '29:ann@city.example', cycle.id);
    assert.equal(await s.section11.chase(cycle.id), 2);
    assert.equal(await s.section11.chase(cycle.id), 0);
    await s.queue.idle();
    assert.deepEqual(transport.delivered.filter((d) => d.delivery.kind === 's11-chase').map((d) => d.delivery.personId).sort(), ['jo@police.example', 'sam@police.example']);
  });

  it('chases only leads who can be reached, and offers no Chase all when nobody waiting can be', async () => {
    const { s, cycle } = await setup();
    await submitAll(s, '29:ann@city.example', cycle.id);
    for (const id of ['29:jo@police.example', '29:sam@police.example']) await s.people.markInstallation(id, 'uninstalled');
    assert.equal(await s.section11.chase(cycle.id), 0, 'nothing is said to be on the way when no lead has the app');
    assert.equal((await s.queue.records(`s11-${cycle.id}`)).filter((d) => d.kind === 's11-chase').length, 0);
    const card = s11StatusCard(await statusView(s, cycle.id, 0));
    assert.ok(!JSON.stringify(card).includes('Chase all'));
  });

  it('exports one row per organisation and one column per question, for Excel', async () => {
    const { s, cycle } = await setup();
    await submitAll(s, '29:ann@city.example', cycle.id);
    const { content, filename } = await s.section11.exportCsv(cycle.id);
    assert.equal(filename, 'section-11-2025-partners.csv');
    assert.ok(content.startsWith('\uFEFF'), 'byte-order mark for Excel');
    const lines = content.slice(1).trimEnd().split('\r\n');
    assert.equal(lines.length, 3);
    const form = s.config.partnership.forms['s11-partners'];
    const questionCount = form.sections.reduce((n, x) => n + x.questions.length, 0);
    assert.equal(lines[0].split('","').length, 5 + questionCount);
    assert.match(lines.find((l) => l.startsWith('"Norwich City Council"'))!, /"Submitted","Ann City"/);
    assert.match(content, /"Yes"/, 'yes/no answers are words');
  });
});
