import assert from 'node:assert/strict';
import { validateMeetingInput } from '../../services/features/meetings/meetings.js';
import { UserFacingError } from '../../services/validation.js';
import { ManualClock, memoryServices, testConfig } from '../support/services.js';

const config = testConfig();
const now = new Date('2025-05-01T08:00:00Z');
const good = { groupId: 'lscg-south', date: '2025-05-23', time: '10:30', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc', agenda: '1. Welcome and introductions\n2. Section 11 in Norfolk\n\n- Next meeting' };

describe('meeting input', () => {
  it('accepts a valid online meeting and stores the London time as UTC', () => {
    const r = validateMeetingInput(good, config, now);
    assert.ok(r.ok);
    assert.equal(r.value.startsAt.toISOString(), '2025-05-23T09:30:00.000Z');
    assert.deepEqual(r.value.agenda, ['Welcome and introductions', 'Section 11 in Norfolk', 'Next meeting']);
  });

  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['a date in the past', { date: '2025-04-01' }, 'date', /already passed/],
    ['an impossible date', { date: '2025-02-30' }, 'date', /does not exist/],
    ['a time skipped by the spring clock change', { date: '2026-03-29', time: '01:30' }, 'date', /does not exist/],
    ['a badly written time', { time: '10.30' }, 'time', /start time/],
    ['an unknown group', { groupId: 'lscg-mars' }, 'groupId', /not one of the LSCGs/],
    ['an audience that is not an LSCG', { groupId: 'neglect-champions' }, 'groupId', /not one of the LSCGs/],
    ['an online meeting without a join link', { joinUrl: '' }, 'joinUrl', /needs its Teams join link/],
    ['a join link that is not https', { joinUrl: 'javascript:alert(1)' }, 'joinUrl', /https/],
    ['an in-person meeting without a venue', { mode: 'in-person', joinUrl: '' }, 'venue', /needs its venue/],
    ['an unknown mode', { mode: 'carrier-pigeon' }, 'mode', /online, in person/],
    ['an over-long agenda', { agenda: Array.from({ length: 16 }, (_, i) => `Item ${i}`).join('\n') }, 'agenda', /at most 15/],
    ['an over-long agenda item', { agenda: 'x'.repeat(201) }, 'agenda', /Agenda item 1 is too long/],
  ];
  for (const [what, patch, field, message] of cases) {
    it(`refuses ${what}, naming the field to fix`, () => {
      const r = validateMeetingInput({ ...good, ...patch }, config, now);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.errors[field] ?? '', message);
    });
  }

  it('treats card data of the wrong types as empty rather than crashing', () => {
    const r = validateMeetingInput({ groupId: 42, date: ['2025-05-23'], time: null, mode: {} }, config, now);
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual(Object.keys(r.errors).sort(), ['date', 'groupId', 'mode', 'time'].sort());
  });
});

describe('Meetings service', () => {
  it('schedules, edits and cancels, and refuses to change a cancelled meeting', async () => {
    const clock = new ManualClock(now.getTime());
    const s = await memoryServices(clock);
    const m = await s.meetings.schedule(good, 'bu');
    assert.equal(s.meetings.upcoming().length, 1);
    const edited = await s.meetings.edit(m.id, { ...good, time: '11:00' });
    assert.equal(edited.version, 2);
    assert.equal(edited.startsAt, '2025-05-23T10:00:00.000Z');
    await s.meetings.cancel(m.id);
    assert.equal(s.meetings.upcoming().length, 0);
    await assert.rejects(s.meetings.edit(m.id, good), (e: unknown) => e instanceof UserFacingError && /cancelled/.test(e.message));
  });

  it('changes nothing when an edit is invalid', async () => {
    const clock = new ManualClock(now.getTime());
    const s = await memoryServices(clock);
    const m = await s.meetings.schedule(good, 'bu');
    await assert.rejects(s.meetings.edit(m.id, { ...good, date: '2020-01-01' }));
    assert.deepEqual(s.meetings.get(m.id), m);
  });
});

describe('linking installs to the roster', () => {
  it('does not let a second Entra account that reports the same email take over a linked person', async () => {
    const clock = new ManualClock(now.getTime());
    const s = await memoryServices(clock);
    const { importId } = await s.people.previewImport('jo@norfolk.gov.uk\tJo Bloggs\tNCC\tLSCG South', 'bu');
    await s.people.applyImport(importId, 'bu');
    const real = await s.people.recordInstallation({ id: '29:real', email: 'jo@norfolk.gov.uk', aadObjectId: 'aad-real', tenantId: 'norfolk', reference: {} });
    assert.equal(real.personId, 'jo@norfolk.gov.uk');
    const imposter = await s.people.recordInstallation({ id: '29:imposter', email: 'JO@norfolk.gov.uk', aadObjectId: 'aad-other', tenantId: 'elsewhere', reference: {} });
    assert.equal(imposter.personId, undefined);
    assert.equal(s.people.personFor('29:imposter'), undefined);
    assert.equal(s.people.person('jo@norfolk.gov.uk')?.aadObjectId, 'aad-real');
    assert.equal(s.people.installationOf('jo@norfolk.gov.uk')?.id, '29:real', 'messages still go to the real person');
  });
});
