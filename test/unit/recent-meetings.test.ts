import assert from 'node:assert/strict';
import { recentForAdmin, RECENT_MEETING_LIMIT } from '../../services/features/meetings/meeting-queries.js';
import { ManualClock, memoryServices } from '../support/services.js';

const at = (date: string, time = '10:30') => ({ groupId: 'lscg-south', date, time, mode: 'in-person', venue: 'County Hall', agenda: 'Welcome' });

describe('recent meetings for the business unit', () => {
  it('lists meetings started up to 90 days ago, newest first, leaving out cancelled and not-yet-started ones', async () => {
    const clock = new ManualClock(Date.parse('2025-01-02T09:00:00Z'));
    const s = await memoryServices(clock);
    const justStarted = await s.meetings.schedule(at('2025-06-20', '10:30'), 'bu');
    const startsSoon = await s.meetings.schedule(at('2025-06-20', '10:32'), 'bu');
    const cancelled = await s.meetings.schedule(at('2025-06-01'), 'bu');
    await s.meetings.cancel(cancelled.id);
    const days89 = await s.meetings.schedule(at('2025-03-23', '09:31'), 'bu');
    const days91 = await s.meetings.schedule(at('2025-03-21', '09:31'), 'bu');
    const middle = await s.meetings.schedule(at('2025-05-09'), 'bu');

    clock.set('2025-06-20T09:31:00Z'); // 10:31 in London: one minute after `justStarted`
    const ids = (await recentForAdmin(s, clock.now())).map((r) => r.meeting.id);
    assert.deepEqual(ids, [justStarted.id, middle.id, days89.id]);
    assert.ok(!ids.includes(startsSoon.id) && !ids.includes(days91.id) && !ids.includes(cancelled.id));
    assert.ok(s.meetings.upcoming().some((m) => m.id === startsSoon.id), 'the one not started is still upcoming');
  });

  it('shows at most 10, the newest, with each meeting\'s replies', async () => {
    const clock = new ManualClock(Date.parse('2025-01-02T09:00:00Z'));
    const s = await memoryServices(clock);
    const made = [];
    for (let d = 1; d <= 12; d++) made.push(await s.meetings.schedule(at(`2025-05-${String(d).padStart(2, '0')}`), 'bu'));
    clock.set('2025-05-20T09:00:00Z');
    const recent = await recentForAdmin(s, clock.now());
    assert.equal(recent.length, RECENT_MEETING_LIMIT);
    assert.deepEqual(recent.map((r) => r.meeting.id), made.slice(2).reverse().map((m) => m.id));
    assert.match(recent[0].summary, /No reply/);
  });
});
