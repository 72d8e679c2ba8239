import assert from 'node:assert/strict';
import { calendarState, type FakeEvent } from '../support/fake-graph/calendar.js';
import { seedAttendance } from '../../scripts/graph-stand-in-attendance.js';

const attendee = (address: string, name: string) => ({ emailAddress: { address, name }, type: 'required' });

function event(n: number, extra: Partial<FakeEvent> = {}): FakeEvent {
  return {
    id: `ev${n}`,
    mailbox: 'lscg-meetings@nscp.example',
    body: { start: { dateTime: '2026-12-01T10:30:00', timeZone: 'Europe/London' }, end: { dateTime: '2026-12-01T12:30:00', timeZone: 'Europe/London' }, attendees: [attendee('jo@x.example', 'Jo'), attendee('rachel@x.example', 'Rachel'), attendee('aisha@x.example', 'Aisha')] },
    joinUrl: `https://teams.microsoft.com/l/meetup-join/${n}`,
    onlineMeetingId: `om${n}`,
    patches: [],
    ...extra,
  };
}

describe('the stand-in\'s --attendance-after-minutes', () => {
  it('gives each Teams meeting a report, ready n minutes after its booked end, with members by Entra id and one visitor', () => {
    const state = calendarState({ mailbox: 'lscg-meetings@nscp.example', organiserId: 'o' });
    state.events.set('ev1', event(1));
    state.events.set('ev2', event(2, { cancelled: { comment: 'x' } }));
    state.events.set('ev3', event(3, { joinUrl: '' }));
    assert.equal(seedAttendance(state, 0, (e) => (e === 'jo@x.example' ? 'id-jo' : undefined)), 1);
    const report = state.reports.get('om1')!;
    assert.equal(new Date(report.readyAt).toISOString(), '2026-12-01T12:30:00.000Z');
    assert.equal(report.end, '2026-12-01T12:30:00.000Z');
    assert.deepEqual(report.records.map((r) => r.emailAddress), ['jo@x.example', 'rachel@x.example', 'pat.visitor@elsewhere.example']);
    assert.equal(report.records[0].identity?.id, 'id-jo');
    assert.equal(seedAttendance(state, 0, () => undefined), 0, 'a report is made once');
  });

  it('follows a changed time, and waits the minutes asked for', () => {
    const state = calendarState({ mailbox: 'lscg-meetings@nscp.example', organiserId: 'o' });
    const ev = event(1);
    state.events.set('ev1', ev);
    seedAttendance(state, 10, () => undefined);
    assert.equal(new Date(state.reports.get('om1')!.readyAt).toISOString(), '2026-12-01T12:40:00.000Z');
    ev.patches.push({ end: { dateTime: '2026-12-01T15:00:00', timeZone: 'Europe/London' } });
    assert.equal(seedAttendance(state, 10, () => undefined), 1);
    assert.equal(new Date(state.reports.get('om1')!.readyAt).toISOString(), '2026-12-01T15:10:00.000Z');
  });
});
