import assert from 'node:assert/strict';
import { durationWords, matchAttendees, nextTry } from '../../services/features/meetings/teams-attendance.js';
import { attendanceFor } from '../../services/features/meetings/meeting-queries.js';
import { meetingsPersonalData } from '../../services/features/meetings/personal-data.js';
import type { Person } from '../../services/people/people.js';
import { setAttendance } from '../support/fake-graph/calendar.js';
import { ManualClock } from '../support/services.js';
import { invitationServices, ORGANISER } from '../support/meeting-invitations.js';

const person = (id: string, name: string, aad?: string): Person => ({ id, email: id, name, organisation: 'NCHC', groupIds: ['lscg-south'], aadObjectId: aad, updatedAt: '' });

describe('matching Teams attendance to the roster', () => {
  const people = [person('helen@nchc.example', 'Helen Bradley', 'AAAA0000-0000-4000-8000-000000000001'), person('stuart@trowse.example', 'Stuart Odell')];
  const roster = { all: () => people };

  it('matches by Entra id first, then by email (any case), and adds up a person\'s rejoins', () => {
    const got = matchAttendees(
      [
        { identity: { id: 'aaaa0000-0000-4000-8000-000000000001', displayName: 'Bradley, Helen' }, emailAddress: 'other@x.example', totalAttendanceInSeconds: 1800 },
        { identity: { id: 'aaaa0000-0000-4000-8000-000000000001' }, totalAttendanceInSeconds: 600 },
        { identity: { id: 'ffff0000-0000-4000-8000-000000000009', displayName: 'S Odell' }, emailAddress: 'Stuart@Trowse.example', totalAttendanceInSeconds: 3000 },
      ],
      roster,
    );
    assert.deepEqual(got, [
      { personId: 'helen@nchc.example', name: 'Helen Bradley', seconds: 2400 },
      { personId: 'stuart@trowse.example', name: 'Stuart Odell', seconds: 3000 },
    ]);
  });

  it('lists someone not on the roster by the name Teams gives, or as a guest when there is none', () => {
    const got = matchAttendees([{ identity: { displayName: 'Pat Visitor' }, emailAddress: 'pat@elsewhere.example', totalAttendanceInSeconds: 90 }, { identity: null, totalAttendanceInSeconds: 30 }], roster);
    assert.deepEqual(got.map((a) => [a.personId, a.name]), [[undefined, 'Pat Visitor'], [undefined, 'Someone without a name (a guest or phone caller)']]);
  });

  it('looks 15 minutes, 1 hour, 4 hours and 24 hours after the meeting ends, then no more', () => {
    const m = { startsAt: '2025-05-23T09:30:00.000Z' };
    assert.deepEqual([0, 1, 2, 3].map((n) => nextTry(m, n)?.toISOString()), ['2025-05-23T11:45:00.000Z', '2025-05-23T12:30:00.000Z', '2025-05-23T15:30:00.000Z', '2025-05-24T11:30:00.000Z']);
    assert.equal(nextTry(m, 4), null);
  });

  it('words durations plainly', () => {
    assert.deepEqual([20, 600, 3600, 5100].map(durationWords), ['under a minute', '10 min', '1 h', '1 h 25 min']);
  });
});

describe('fetching attendance from Teams after the meeting (fake Graph routes, fake clock)', () => {
  const online = { groupId: 'lscg-south', date: '2025-05-23', time: '10:30', mode: 'online', joinUrl: '', agenda: '' };

  it('waits for the report, retries on the schedule, then shows who attended, who replied but did not join and who joined without replying', async () => {
    const clock = new ManualClock(Date.parse('2025-05-01T08:00:00Z'));
    const { s, state } = await invitationServices(clock, (st) => (st.pageSize = 2));
    const m = await s.meetings.schedule(online, 'bu');
    await s.people.recordInstallation({ id: '29:helen', email: 'helen.bradley@nchc.nhs.uk', tenantId: 't', reference: {} });
    clock.set('2025-05-20T08:00:00Z');
    await s.rsvps.record('29:helen.bradley@nchc.nhs.uk', { meetingId: m.id, response: 'attending' });
    await s.rsvps.record('29:head@trowse.norfolk.sch.uk', { meetingId: m.id, response: 'attending' });
    setAttendance(state, m.joinUrl!, {
      readyAt: Date.parse('2025-05-23T12:00:00Z'),
      start: '2025-05-23T09:31:00Z',
      end: '2025-05-23T11:20:00Z',
      records: [
        { emailAddress: 'helen.bradley@nchc.nhs.uk', identity: { displayName: 'Helen Bradley' }, totalAttendanceInSeconds: 5100 },
        { emailAddress: 'ros@mulberry.example', identity: { displayName: 'Ros Cutts' }, totalAttendanceInSeconds: 2400 },
        { emailAddress: 'pat@elsewhere.example', identity: { displayName: 'Pat Visitor' }, totalAttendanceInSeconds: 600 },
      ],
    });

    clock.set('2025-05-23T11:00:00Z'); // during the meeting: nothing is due
    await s.teamsAttendance!.tick();
    assert.equal(s.teamsAttendance!.of(m.id), undefined);

    clock.set('2025-05-23T11:45:00Z'); // 15 minutes after the booked end: no report yet
    await s.teamsAttendance!.tick();
    assert.equal(s.teamsAttendance!.of(m.id)?.state, 'waiting');
    assert.equal(s.teamsAttendance!.of(m.id)?.nextTryAt, '2025-05-23T12:30:00.000Z');

    clock.set('2025-05-23T12:10:00Z'); // ready, but the next look is not due yet
    await s.teamsAttendance!.tick();
    assert.equal(s.teamsAttendance!.of(m.id)?.state, 'waiting');

    clock.set('2025-05-23T12:30:00Z');
    await s.teamsAttendance!.tick();
    const got = s.teamsAttendance!.of(m.id)!;
    assert.equal(got.state, 'ready');
    assert.equal(got.attempts, 2);

    const report = await attendanceFor(s, s.meetings.get(m.id)!);
    const row = (id: string) => report.rows.find((r) => r.personId === id)!;
    assert.equal(row('helen.bradley@nchc.nhs.uk').joinedSeconds, 5100);
    assert.deepEqual(report.teams!.didNotJoin.map((r) => r.personId), ['head@trowse.norfolk.sch.uk']);
    assert.deepEqual(report.teams!.joinedWithoutReply.map((r) => r.personId), ['ros@mulberry.example']);
    assert.deepEqual(report.teams!.notMembers.map((a) => a.name), ['Pat Visitor']);

    // A person's Teams attendance is in their subject access export and goes on erasure; the others' stays.
    const data = meetingsPersonalData({ config: s.config, meetings: s.meetings, rsvps: s.rsvps, teamsAttendance: s.teamsAttendance });
    const helen = { email: 'helen.bradley@nchc.nhs.uk', names: ['Helen Bradley'], accountIds: [] };
    const pat = { email: 'pat@elsewhere.example', names: ['Pat Visitor'], accountIds: [] };
    assert.deepEqual(((await data.export(helen)) as { joinedInTeams: unknown[] }).joinedInTeams, [{ meeting: { id: m.id, group: 'LSCG South', startsAt: m.startsAt, status: 'scheduled' }, nameInTeams: 'Helen Bradley', seconds: 5100 }]);
    assert.ok((await data.describe(pat)).some((h) => /joined LSCG meetings in Teams/.test(h.what) && h.count === 1), 'someone not on the roster is found by the name Teams gave');
    await data.erase(helen);
    await data.erase(pat);
    assert.deepEqual(s.teamsAttendance!.of(m.id)!.attendees.map((a) => a.name), ['Ros Cutts']);
  });

  it('a missing Teams access policy (403) says the admin\'s step, keeps retrying, and gives up after the last look; what was stored stays', async () => {
    const clock = new ManualClock(Date.parse('2025-05-01T08:00:00Z'));
    const { s, state } = await invitationServices(clock, (st) => st.policyFor.delete(ORGANISER));
    const m = await s.meetings.schedule(online, 'bu');
    clock.set('2025-05-23T11:45:00Z');
    await s.teamsAttendance!.tick();
    const failed = s.teamsAttendance!.of(m.id)!;
    assert.equal(failed.state, 'failed');
    assert.match(failed.problem!, /New-CsApplicationAccessPolicy/);
    assert.match(failed.problem!, /Grant-CsApplicationAccessPolicy/);
    assert.match(failed.problem!, /OnlineMeetingArtifact\.Read\.All/);
    for (const at of ['2025-05-23T12:30:00Z', '2025-05-23T15:30:00Z', '2025-05-24T11:30:00Z']) {
      clock.set(at);
      await s.teamsAttendance!.tick();
    }
    assert.equal(s.teamsAttendance!.of(m.id)!.state, 'gave-up');
    assert.equal(state.events.size, 1);
    assert.equal(s.meetings.get(m.id)?.status, 'scheduled');
  });

  it('gives up with a message after 24 hours with no report', async () => {
    const clock = new ManualClock(Date.parse('2025-05-01T08:00:00Z'));
    const { s } = await invitationServices(clock);
    const m = await s.meetings.schedule(online, 'bu');
    for (const at of ['2025-05-23T11:45:00Z', '2025-05-23T12:30:00Z', '2025-05-23T15:30:00Z', '2025-05-24T11:30:00Z']) {
      clock.set(at);
      await s.teamsAttendance!.tick();
    }
    const last = s.teamsAttendance!.of(m.id)!;
    assert.equal(last.state, 'gave-up');
    assert.match(last.problem!, /24 hours/);
  });
});
