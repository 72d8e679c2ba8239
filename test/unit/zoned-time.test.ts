import assert from 'node:assert/strict';
import { formatDayDate, formatDayDateTime, shiftDate, wallClockOn, zonedParts, zonedToUtc } from '../../services/zoned-time.js';

const TZ = 'Europe/London';

describe('UK time', () => {
  it('writes dates as people in the partnership do', () => {
    assert.equal(formatDayDateTime(new Date('2025-05-23T09:30:00Z'), TZ), 'Friday 23 May 2025, 10:30');
    assert.equal(formatDayDateTime(new Date('2025-01-05T23:05:00Z'), TZ), 'Sunday 5 January 2025, 23:05');
    assert.equal(formatDayDate(new Date('2025-10-31T23:59:59Z'), TZ), 'Friday 31 October 2025');
  });

  it('reads a date and time in UK time on both sides of each clock change', () => {
    assert.equal(zonedToUtc('2025-10-25', '09:00', TZ)?.toISOString(), '2025-10-25T08:00:00.000Z');
    assert.equal(zonedToUtc('2025-10-27', '09:00', TZ)?.toISOString(), '2025-10-27T09:00:00.000Z');
    assert.equal(zonedToUtc('2026-03-29', '01:30', TZ), null, 'skipped by the spring change');
    assert.equal(wallClockOn('2026-03-29', '01:30', TZ).toISOString(), '2026-03-29T01:30:00.000Z', 'falls to 02:30 BST');
    assert.equal(zonedToUtc('2025-02-29', '10:00', TZ), null);
  });

  it('gives the UK calendar date and clock time of an instant, and shifts calendar dates', () => {
    assert.deepEqual(zonedParts(new Date('2025-06-30T23:30:00Z'), TZ), { date: '2025-07-01', time: '00:30' });
    assert.deepEqual(zonedParts(new Date('2025-12-31T23:30:00Z'), TZ), { date: '2025-12-31', time: '23:30' });
    assert.equal(shiftDate('2025-03-01', -1), '2025-02-28');
    assert.equal(shiftDate('2025-10-31', -14), '2025-10-17');
  });
});
