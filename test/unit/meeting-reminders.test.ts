import assert from 'node:assert/strict';
import { latestDueRule, reminderDueAt, reminderPlan } from '../../services/features/meetings/meeting-reminders.js';
import type { Meeting } from '../../services/features/meetings/meetings.js';
import { ManualClock, memoryServices, RecordingTransport, seedPeople, testConfig } from '../support/services.js';

const config = testConfig();
const rules = config.partnership.meetings.reminders;
const tz = config.timeZone;
const meeting = (startsAt: string): Meeting => ({ id: 'm1', groupId: 'lscg-south', mode: 'online', startsAt, joinUrl: 'https://x', agenda: [], status: 'scheduled', version: 1, createdBy: 'bu', createdAt: '', updatedAt: '' });
const rule7 = rules.find((r) => r.daysBefore === 7)!;
const rule1 = rules.find((r) => r.daysBefore === 1)!;

describe('reminder timing', () => {
  it('puts reminders at 09:00 London time on both sides of the October clock change', () => {
    // Monday 27 October 2025, 10:30 GMT; a week before is still BST.
    const m = meeting('2025-10-27T10:30:00.000Z');
    assert.equal(reminderDueAt(m, rule7, tz).toISOString(), '2025-10-20T08:00:00.000Z');
    assert.equal(reminderDueAt(m, rule1, tz).toISOString(), '2025-10-26T09:00:00.000Z');
  });

  it('puts reminders at 09:00 London time across the March clock change', () => {
    // Thursday 2 April 2026, 10:00 BST; a week before is GMT.
    const m = meeting('2026-04-02T09:00:00.000Z');
    assert.equal(reminderDueAt(m, rule7, tz).toISOString(), '2026-03-26T09:00:00.000Z');
    assert.equal(reminderDueAt(m, rule1, tz).toISOString(), '2026-04-01T08:00:00.000Z');
  });

  it('picks the latest due rule, none before the first, none once the meeting has begun', () => {
    const m = meeting('2025-10-27T10:30:00.000Z');
    assert.equal(latestDueRule(m, rules, new Date('2025-10-20T07:59:00Z'), tz), null);
    assert.equal(latestDueRule(m, rules, new Date('2025-10-20T08:00:00Z'), tz)?.id, rule7.id);
    assert.equal(latestDueRule(m, rules, new Date('2025-10-26T09:00:00Z'), tz)?.id, rule1.id);
    assert.equal(latestDueRule(m, rules, new Date('2025-10-27T10:30:00Z'), tz), null);
    assert.equal(latestDueRule({ ...m, status: 'cancelled' }, rules, new Date('2025-10-26T09:00:00Z'), tz), null);
  });
});

describe('what the card says of reminders after scheduling', () => {
  const m = meeting('2026-12-01T16:00:00.000Z'); // Tuesday 1 December 2026, 16:00 GMT
  it('names only the reminders still to come, and says when the first goes now', () => {
    assert.equal(reminderPlan(m, rules, new Date('2026-11-20T12:00:00Z'), tz), 'Members will be reminded 7 days and 1 day before, at 09:00.');
    assert.equal(reminderPlan(m, rules, new Date('2026-11-25T12:00:00Z'), tz), 'The first reminder goes to members now; the next goes 1 day before, at 09:00.');
    const tomorrow = reminderPlan(m, rules, new Date('2026-11-30T14:50:00Z'), tz);
    assert.equal(tomorrow, 'The reminder goes to members now; no other reminder is due before the meeting.');
    assert.doesNotMatch(tomorrow, /7 days/);
  });
});

describe('MeetingReminders', () => {
  async function setup(nowIso: string) {
    const clock = new ManualClock(Date.parse(nowIso));
    const transport = new RecordingTransport();
    const s = await memoryServices(clock, config, transport);
    await seedPeople(s, [
      { email: 'a@x.org', name: 'Ann', org: 'NCC', groups: 'LSCG South' },
      { email: 'b@x.org', name: 'Bob', org: 'Police', groups: 'LSCG South' },
      { email: 'c@x.org', name: 'Cat', org: 'Health', groups: 'LSCG South', installed: false },
      { email: 'w@x.org', name: 'Wes', org: 'NCC', groups: 'LSCG West' },
    ]);
    s.queue.start();
    return { clock, transport, s };
  }
  const input = { groupId: 'lscg-south', date: '2025-10-27', time: '10:30', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/x' };

  it('a meeting scheduled inside the 1-day window sends only the 1-day reminder at once, to the group only', async () => {
    const { transport, s } = await setup('2025-10-26T12:00:00Z');
    const m = await s.meetings.schedule(input, 'bu');
    await s.queue.idle();
    const sent = transport.delivered.map((d) => d.delivery);
    assert.deepEqual(sent.map((d) => d.personId).sort(), ['a@x.org', 'b@x.org']);
    assert.ok(sent.every((d) => d.ruleId === rule1.id && d.subjectId === m.id));
    const records = await s.queue.records(`meeting-${m.id}`);
    assert.equal(records.find((r) => r.personId === 'c@x.org')?.status, 'not-installed');
  });

  it('sends each rule once, however often the scheduler ticks, across the clock change', async () => {
    const { clock, transport, s } = await setup('2025-10-10T12:00:00Z');
    await s.meetings.schedule(input, 'bu');
    for (const t of ['2025-10-20T07:59:00Z', '2025-10-20T08:00:00Z', '2025-10-20T08:01:00Z', '2025-10-25T09:00:00Z', '2025-10-26T08:59:00Z', '2025-10-26T09:00:00Z', '2025-10-26T18:00:00Z', '2025-10-27T10:31:00Z']) {
      clock.set(t);
      await s.reminders.tick();
      await s.reminders.tick();
      await s.queue.idle();
    }
    const byRule = (id: string) => transport.delivered.filter((d) => d.delivery.ruleId === id).length;
    assert.equal(byRule(rule7.id), 2);
    assert.equal(byRule(rule1.id), 2);
  });

  it('a member who installs later gets the reminder that is due, once', async () => {
    const { transport, s } = await setup('2025-10-26T12:00:00Z');
    await s.meetings.schedule(input, 'bu');
    await s.queue.idle();
    await s.people.recordInstallation({ id: '29:c', email: 'c@x.org', reference: {} });
    await s.reminders.tick();
    await s.reminders.tick();
    await s.queue.idle();
    assert.equal(transport.delivered.filter((d) => d.delivery.personId === 'c@x.org').length, 1);
  });

  it('an edit updates every sent reminder card and tells those reminded when the time changes', async () => {
    const { transport, s } = await setup('2025-10-26T12:00:00Z');
    const m = await s.meetings.schedule(input, 'bu');
    await s.queue.idle();
    transport.delivered.length = 0;
    await s.meetings.edit(m.id, { ...input, time: '11:30' });
    await s.queue.idle();
    const kinds = transport.delivered.map((d) => `${d.delivery.kind}:${d.delivery.personId}`).sort();
    assert.deepEqual(kinds, ['meeting-changed:a@x.org', 'meeting-changed:b@x.org', 'meeting-update:a@x.org', 'meeting-update:b@x.org']);
    const update = transport.delivered.find((d) => d.delivery.kind === 'meeting-update')!.delivery;
    assert.match(update.targetActivityId ?? '', /^act-/);
  });

  it('a meeting moved to another day is reminded again before its new date; moved within the day, it is not', async () => {
    const { clock, transport, s } = await setup('2025-10-26T12:00:00Z');
    const m = await s.meetings.schedule(input, 'bu');
    await s.queue.idle();
    const reminders = () => transport.delivered.filter((d) => d.delivery.kind === 'meeting-reminder').length;
    assert.equal(reminders(), 2);
    await s.meetings.edit(m.id, { ...input, time: '14:00' });
    await s.queue.idle();
    assert.equal(reminders(), 2, 'same day: the updated cards are enough');
    await s.meetings.edit(m.id, { ...input, date: '2025-11-10' });
    clock.set('2025-11-09T09:00:00Z');
    await s.reminders.tick();
    await s.queue.idle();
    assert.equal(reminders(), 4, 'new day: the 1-day reminder goes again, to both members');
  });

  it('a cancellation sends a notice to those reminded and nothing more afterwards', async () => {
    const { clock, transport, s } = await setup('2025-10-26T12:00:00Z');
    const m = await s.meetings.schedule(input, 'bu');
    await s.queue.idle();
    transport.delivered.length = 0;
    await s.meetings.cancel(m.id);
    await s.queue.idle();
    assert.equal(transport.delivered.filter((d) => d.delivery.kind === 'meeting-cancelled').length, 2);
    clock.set('2025-10-27T09:00:00Z');
    transport.delivered.length = 0;
    await s.reminders.tick();
    await s.queue.idle();
    assert.equal(transport.delivered.length, 0);
  });
});
