import assert from 'node:assert/strict';
import { openMeetingServices } from '../../services/features/meetings/index.js';
import { buildEvent, graphDateTime, MeetingInvitations } from '../../services/features/meetings/invitations.js';
import type { Meeting } from '../../services/features/meetings/meetings.js';
import { silentLogger } from '../../services/logger.js';
import { openSharedServices } from '../../services/shared-services.js';
import { MemoryStore } from '../../services/store/file-store.js';
import { UserFacingError } from '../../services/validation.js';
import { invitationServices, MAILBOX } from '../support/meeting-invitations.js';
import { ManualClock, RecordingTransport, testConfig } from '../support/services.js';

const online = { groupId: 'lscg-south', date: '2025-05-23', time: '10:30', mode: 'online', joinUrl: '', agenda: 'Welcome and introductions\nSection 11 in Norfolk & <schools>' };

describe('the Outlook event for a meeting', () => {
  it('gives Graph the UK wall-clock time with the zone, summer time included', () => {
    assert.deepEqual(graphDateTime(new Date('2025-05-23T09:30:00Z'), 'Europe/London'), { dateTime: '2025-05-23T10:30:00', timeZone: 'Europe/London' });
    assert.deepEqual(graphDateTime(new Date('2025-12-05T10:30:00Z'), 'Europe/London'), { dateTime: '2025-12-05T10:30:00', timeZone: 'Europe/London' });
  });

  it('ends two hours later by the clock on the wall, across the spring clock change', () => {
    // 00:30 GMT on 30 March 2025; the clocks go forward at 01:00, so two hours later reads 03:30.
    const m = { id: 'm', startsAt: '2025-03-30T00:30:00.000Z', agenda: [], mode: 'online' } as unknown as Meeting;
    const ev = buildEvent({ meeting: m, groupName: 'South LSCG', partnershipShortName: 'NSCP', members: [], timeZone: 'Europe/London' });
    assert.deepEqual(ev.start, { dateTime: '2025-03-30T00:30:00', timeZone: 'Europe/London' });
    assert.deepEqual(ev.end, { dateTime: '2025-03-30T03:30:00', timeZone: 'Europe/London' });
  });
});

describe('Teams meetings with Outlook invitations (fake Graph routes in process)', () => {
  const now = '2025-05-01T08:00:00Z';

  it('scheduling an online meeting with no link creates a Teams event inviting every member, and keeps its id and join link', async () => {
    const clock = new ManualClock(Date.parse(now));
    const { s, state } = await invitationServices(clock);
    const m = await s.meetings.schedule(online, 'bu');
    const [ev] = [...state.events.values()];
    assert.equal(ev.mailbox, MAILBOX);
    assert.equal(ev.body.isOnlineMeeting, true);
    assert.equal(ev.body.onlineMeetingProvider, 'teamsForBusiness');
    assert.deepEqual(ev.body.start, { dateTime: '2025-05-23T10:30:00', timeZone: 'Europe/London' });
    assert.deepEqual(ev.body.end, { dateTime: '2025-05-23T12:30:00', timeZone: 'Europe/London' });
    assert.deepEqual(ev.body.attendees.map((a: { emailAddress: { address: string }; type: string }) => `${a.emailAddress.address}/${a.type}`).sort(), ['head@trowse.norfolk.sch.uk/required', 'helen.bradley@nchc.nhs.uk/required', 'ros@mulberry.example/required']);
    assert.match(ev.body.body.content, /Section 11 in Norfolk &#38; &#60;schools&#62;/, 'the agenda is escaped in the HTML body');
    assert.equal(ev.body.transactionId, m.id);
    const saved = s.meetings.get(m.id)!;
    assert.equal(saved.invitation?.eventId, ev.id);
    assert.equal(saved.invitation?.state, 'sent');
    assert.equal(saved.joinUrl, ev.joinUrl);
  });

  it('a meeting with its own join link gets no event', async () => {
    const clock = new ManualClock(Date.parse(now));
    const { s, state } = await invitationServices(clock);
    await s.meetings.schedule({ ...online, joinUrl: 'https://teams.microsoft.com/l/meetup-join/own' }, 'bu');
    await s.meetings.schedule({ ...online, mode: 'in-person', venue: 'County Hall' }, 'bu');
    assert.equal(state.events.size, 0);
  });

  it('changing the meeting PATCHes the event with the new time and keeps the Teams link; cancelling cancels it with a note', async () => {
    const clock = new ManualClock(Date.parse(now));
    const { s, state } = await invitationServices(clock);
    const m = await s.meetings.schedule(online, 'bu');
    const edited = await s.meetings.edit(m.id, { ...online, time: '14:00' });
    const ev = [...state.events.values()][0];
    assert.equal(ev.patches.length, 1);
    assert.deepEqual(ev.patches[0].start, { dateTime: '2025-05-23T14:00:00', timeZone: 'Europe/London' });
    assert.equal(edited.joinUrl, m.joinUrl);
    await s.meetings.cancel(m.id);
    assert.match(ev.cancelled?.comment ?? '', /cancelled/);
    assert.equal(s.meetings.get(m.id)?.status, 'cancelled');
  });

  it('a wrong mailbox (404) keeps the meeting, marks the invitation not sent and names MEETINGS_MAILBOX; trying again after the fix sends it', async () => {
    const clock = new ManualClock(Date.parse(now));
    const { s, state } = await invitationServices(clock, (st) => st.mailboxes.clear());
    const m = await s.meetings.schedule(online, 'bu');
    const saved = s.meetings.get(m.id)!;
    assert.equal(saved.status, 'scheduled');
    assert.equal(saved.invitation?.state, 'failed');
    assert.equal(saved.invitation?.step, 'create');
    assert.match(saved.invitation?.problem ?? '', /mailbox lscg-meetings@norfolk.gov.uk was not found.*MEETINGS_MAILBOX/);
    state.mailboxes.add(MAILBOX);
    const again = await s.meetings.retryInvitation(m.id);
    assert.equal(again.invitation?.state, 'sent');
    assert.ok(again.joinUrl?.startsWith('https://teams.microsoft.com/'));
  });

  it('after a failed create, a join link the business unit types is kept: no event is made, on the edit or on Try again', async () => {
    const clock = new ManualClock(Date.parse(now));
    const { s, state, graph } = await invitationServices(clock, (st) => st.mailboxes.clear());
    const m = await s.meetings.schedule(online, 'bu');
    assert.equal(s.meetings.get(m.id)?.invitation?.state, 'failed');
    const own = 'https://teams.microsoft.com/l/meetup-join/typed-by-the-business-unit';
    const edited = await s.meetings.edit(m.id, { ...online, joinUrl: own });
    assert.equal(edited.joinUrl, own);
    assert.equal(edited.invitation, undefined, 'nothing left to try again');
    state.mailboxes.add(MAILBOX);
    const again = await s.meetings.retryInvitation(m.id);
    assert.equal(again.joinUrl, own);
    // A Try again pressed on a card that still shows the failed create, with the link typed meanwhile.
    const invitations = new MeetingInvitations({ graph, settings: s.config.meetingInvitations!, config: s.config, clock, log: silentLogger, members: () => [], groupName: () => 'LSCG South' });
    const retried = await invitations.update({ ...edited, invitation: { state: 'failed', step: 'create', problem: 'was not found', at: now } });
    assert.equal(retried.joinUrl, own);
    assert.equal(retried.invitation, undefined);
    assert.equal(state.events.size, 0, 'no Teams event made');
  });

  it('a calendar the app may not use (403 ErrorAccessDenied) names Calendars.ReadWrite and the Exchange access policy', async () => {
    const clock = new ManualClock(Date.parse(now));
    const { s } = await invitationServices(clock, (st) => (st.calendarDenied = true));
    const m = await s.meetings.schedule(online, 'bu');
    const inv = s.meetings.get(m.id)!.invitation!;
    assert.equal(inv.state, 'failed');
    assert.match(inv.problem!, /Calendars\.ReadWrite/);
    assert.match(inv.problem!, /New-ApplicationAccessPolicy/);
  });

  it('a failed update is marked "not updated" and the edit itself is kept', async () => {
    const clock = new ManualClock(Date.parse(now));
    const { s, state } = await invitationServices(clock);
    const m = await s.meetings.schedule(online, 'bu');
    state.throttleNext = 1;
    const edited = await s.meetings.edit(m.id, { ...online, time: '11:00' });
    assert.equal(edited.startsAt, '2025-05-23T10:00:00.000Z');
    assert.equal(edited.invitation?.state, 'failed');
    assert.equal(edited.invitation?.step, 'update');
    assert.match(edited.invitation?.problem ?? '', /busy/);
    assert.equal(edited.invitation?.eventId, m.invitation?.eventId, 'the event id is not lost');
  });

  it('without MEETINGS_MAILBOX an online meeting still needs its link, and the retry button is refused', async () => {
    const clock = new ManualClock(Date.parse(now));
    const shared = await openSharedServices({ config: testConfig(), store: new MemoryStore(), clock, log: silentLogger, transport: new RecordingTransport() });
    const s = await openMeetingServices(shared);
    await assert.rejects(s.meetings.schedule(online, 'bu'), /needs its Teams join link/);
    const m = await s.meetings.schedule({ ...online, joinUrl: 'https://teams.microsoft.com/l/meetup-join/x' }, 'bu');
    await assert.rejects(s.meetings.retryInvitation(m.id), (e: unknown) => e instanceof UserFacingError && /MEETINGS_MAILBOX/.test(e.message));
  });
});
