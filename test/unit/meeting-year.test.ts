import assert from 'node:assert/strict';
import type { Meeting } from '../../services/features/meetings/meetings.js';
import type { Rsvp } from '../../services/features/meetings/rsvp.js';
import type { TeamsAttendance } from '../../services/features/meetings/teams-attendance.js';
import { reportingYear, reportingYearOf, yearCsv, yearFigures } from '../../services/features/meetings/yearly.js';
import type { Person } from '../../services/people/people.js';

const TZ = 'Europe/London';
const person = (id: string, org: string, groups: string[]): Person => ({ id, email: id, name: id, organisation: org, groupIds: groups, updatedAt: '' });
const meeting = (id: string, groupId: string, startsAt: string, extra: Partial<Meeting> = {}): Meeting =>
  ({ id, groupId, mode: 'online', startsAt, agenda: [], status: 'scheduled', version: 1, createdBy: 'bu', createdAt: '', updatedAt: '', ...extra });
const rsvp = (id: string, meetingId: string, response: Rsvp['response']): Rsvp => ({ id, meetingId, response, respondedAt: '' });

describe('the yearly attendance figures', () => {
  it('runs April to March in UK time: 31 March 23:30 BST is still the old year', () => {
    const y = reportingYear(2024, TZ);
    assert.equal(y.label, '2024–25');
    assert.equal(y.from.toISOString(), '2024-03-31T23:00:00.000Z');
    assert.equal(y.to.toISOString(), '2025-03-31T23:00:00.000Z');
    assert.equal(reportingYearOf(new Date('2025-03-31T22:30:00Z'), TZ), 2024);
    assert.equal(reportingYearOf(new Date('2025-03-31T23:30:00Z'), TZ), 2025);
  });

  const people = [person('a', 'NCHC', ['south']), person('b', 'Police', ['south']), person('c', 'Police', ['south', 'west']), person('d', 'NCC', ['west'])];
  const groups = [
    { id: 'south', name: 'South LSCG', kind: 'lscg' as const },
    { id: 'west', name: 'West LSCG', kind: 'lscg' as const },
  ];
  const meetings = [
    meeting('m1', 'south', '2024-05-17T09:30:00Z', { invitation: { eventId: 'e1', state: 'sent', at: '' }, joinUrl: 'https://t/1' }),
    meeting('m2', 'west', '2024-07-12T09:30:00Z'),
    meeting('joint', 'south', '2025-01-10T10:00:00Z', { mode: 'joint' }),
    meeting('cancelled', 'south', '2024-09-01T09:30:00Z', { status: 'cancelled' }),
    meeting('last-year', 'south', '2024-03-15T10:00:00Z'),
    meeting('future', 'south', '2025-03-20T10:00:00Z'),
  ];
  const answers: Record<string, Rsvp[]> = {
    m1: [rsvp('a', 'm1', 'attending'), rsvp('b', 'm1', 'apologies'), rsvp('c', 'm1', 'attending')],
    m2: [rsvp('c', 'm2', 'deputy'), rsvp('d', 'm2', 'attending')],
    joint: [rsvp('a', 'joint', 'attending'), rsvp('c', 'joint', 'apologies')],
  };
  // Teams says a did not join m1 though they replied attending; c joined.
  const teams: Record<string, TeamsAttendance> = { m1: { id: 'm1', state: 'ready', attempts: 1, attendees: [{ personId: 'c', name: 'c', seconds: 3000 }], fetchedAt: '' } };
  const figures = () =>
    yearFigures({
      startYear: 2024,
      timeZone: TZ,
      now: new Date('2025-02-01T00:00:00Z'),
      meetings,
      groups,
      audience: (m) => (m.mode === 'joint' ? ['south', 'west'] : [m.groupId]),
      people,
      answers: (id) => answers[id] ?? [],
      teams: (id) => teams[id],
    });

  it('counts meetings held (not cancelled, not in the future, in the year) per LSCG, with Teams attendance where there is a report', () => {
    const f = figures();
    assert.equal(f.meetingsHeld, 3);
    assert.equal(f.withTeamsReport, 1);
    const south = f.byGroup.find((r) => r.name === 'South LSCG')!;
    // m1: a no (Teams), b apologies, c yes; joint: a yes, b no reply, c apologies.
    assert.deepEqual(south, { name: 'South LSCG', meetings: 2, invited: 6, attended: 2, apologies: 2, deputy: 0, noReply: 1 });
    const west = f.byGroup.find((r) => r.name === 'West LSCG')!;
    // m2: c deputy, d yes; joint: c apologies, d no reply.
    assert.deepEqual(west, { name: 'West LSCG', meetings: 2, invited: 4, attended: 1, apologies: 1, deputy: 1, noReply: 1 });
  });

  it('counts each person once a meeting per organisation, even when they sit on two LSCGs at a joint meeting', () => {
    const police = figures().byOrganisation.find((r) => r.name === 'Police')!;
    // m1: b apologies, c attended; m2: c deputy; joint: b no reply, c apologies (once, not twice).
    assert.deepEqual(police, { name: 'Police', meetings: 3, invited: 5, attended: 1, apologies: 2, deputy: 1, noReply: 1 });
  });

  it('exports the figures as CSV, LSCGs first, then organisations', () => {
    const csv = yearCsv(figures());
    assert.equal(csv.filename, 'lscg-attendance-2024-25.csv');
    const lines = csv.content.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], '"Kind","Name","Meetings held","Members invited","Attended","Sent apologies","Sent a deputy","No reply"');
    assert.equal(lines[1], '"LSCG","South LSCG","2","6","2","2","0","1"');
    assert.ok(lines.includes('"Organisation","Police","3","5","1","2","1","1"'));
  });
});
