import assert from 'node:assert/strict';
import { addCalendarRoutes, calendarState, setAttendance, type CalendarState } from '../support/fake-graph/calendar.js';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph/server.js';
import { cardText, cardVerbs, makeUser, sentCard, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';
import type { Json } from '../support/json.js';
import { MAILBOX, ORGANISER } from '../support/meeting-invitations.js';
import { VERBS } from '../support/verbs.js';

const bu = makeUser('A', 1, 'sipco@norfolk.gov.uk', 'Mark Osborn');
const helen = makeUser('B', 2, 'Helen.Bradley@nchc.nhs.uk', 'Helen Bradley');
const stuart = makeUser('C', 3, 'head@trowse.norfolk.sch.uk', 'Stuart Odell');

const ROWS = [
  'email\tname\torganisation\tgroups',
  'helen.bradley@nchc.nhs.uk\tHelen Bradley\tNCHC\tLSCG South',
  'head@trowse.norfolk.sch.uk\tStuart Odell\tTrowse Primary\tLSCG South',
  // In another tenant and without the app: invited by email all the same.
  'ros@mulberry.example\tRos Cutts\tMulberry Nursery\tLSCG South',
  'west@x.example\tWest Member\tNCC\tLSCG West',
].join('\n');

/** The Action.Execute a person would press by its visible title. */
function buttonTitled(card: unknown, title: RegExp): { verb: string; data: Json } | undefined {
  let found: { verb: string; data: Json } | undefined;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute' && typeof o.title === 'string' && title.test(o.title)) found = { verb: o.verb as string, data: (o.data ?? {}) as Json };
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

const online = (extra: Record<string, string> = {}) => ({ groupId: 'lscg-south', date: '2025-05-23', time: '10:30', mode: 'online', joinUrl: '', agenda: 'Welcome and introductions\nSafeguarding updates', ...extra });

describe('Teams meetings with Outlook invitations and attendance from Teams, through the real server and the fake Graph', function () {
  this.timeout(60000);
  let fake: FakeGraph;
  let state: CalendarState;
  let h: Harness;
  const clock = new ShiftedClock('2025-05-16T12:00:00Z');

  before(async () => {
    fake = await startFakeGraph();
    state = addCalendarRoutes(fake, calendarState({ mailbox: MAILBOX, organiserId: ORGANISER, now: () => clock.now().getTime() }));
    h = await startHarness({
      clock,
      env: {
        BUSINESS_UNIT_IDS: bu.aadObjectId,
        GRAPH_TENANT_ID: fake.app.tenantId,
        GRAPH_CLIENT_ID: fake.app.clientId,
        GRAPH_CLIENT_SECRET: fake.app.clientSecret,
        SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,1b1a1b1a-0000-4000-8000-000000000001,2c2c2c2c-0000-4000-8000-000000000002',
        GRAPH_ENDPOINT: fake.url,
        GRAPH_AUTHORITY_HOST: fake.url,
        MEETINGS_MAILBOX: MAILBOX,
        MEETINGS_ORGANISER_ID: ORGANISER,
      },
    });
    for (const u of [bu, helen, stuart]) await h.install(u);
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: Json) => a.verb === VERBS.rosterApply).data.importId });
  });
  after(async () => {
    await h?.close();
    await fake?.close();
  });

  let meetingId = '';
  it('scheduling an online LSCG meeting with no link creates the Teams event with every member invited, and the reminder carries its join link', async () => {
    const res = await h.press(bu, VERBS.meetingSchedule, online());
    const text = cardText(res.card);
    assert.match(text, /Scheduled\. The first reminder goes to members now; the next goes 1 day before, at 09:00\./);
    assert.match(text, /Outlook invitation sent from lscg-meetings@norfolk.gov.uk/);
    const [ev] = [...state.events.values()];
    assert.deepEqual(ev.body.attendees.map((a: Json) => a.emailAddress.address).sort(), ['head@trowse.norfolk.sch.uk', 'helen.bradley@nchc.nhs.uk', 'ros@mulberry.example']);
    assert.deepEqual(ev.body.start, { dateTime: '2025-05-23T10:30:00', timeZone: 'Europe/London' });
    assert.ok(fake.requests.some((r) => !r.signIn && r.method === 'POST' && r.path === `/users/${MAILBOX}/events` && r.status === 201 && r.authorization?.startsWith('Bearer ')));
    meetingId = h.bot.services.meetings.upcoming()[0].id;
    await h.settle();
    const reminders = h.fake.sentActivities().filter((s) => /Will you be there/.test(JSON.stringify(s.activity)));
    assert.equal(reminders.length, 2);
    const join = sentCard(reminders[0].activity).body.find((e: Json) => e.type === 'ActionSet')?.actions.find((a: Json) => a.title === 'Join the meeting');
    assert.equal(join?.url, ev.joinUrl);
  });

  it('the change form keeps the bot\'s Teams link out of reach, and saving a change PATCHes the event', async () => {
    const form = await h.press(bu, VERBS.meetingEditForm, { meetingId });
    assert.ok(!form.card.body.some((e: Json) => e.id === 'joinUrl'), 'no join link input for the bot\'s own Teams meeting');
    assert.match(cardText(form.card), /created by the bot/);
    const res = await h.press(bu, VERBS.meetingEdit, { ...online({ time: '11:00' }), meetingId });
    assert.match(cardText(res.card), /Saved/);
    assert.match(cardText(res.card), /Outlook invitation updated from lscg-meetings@norfolk.gov.uk/);
    assert.doesNotMatch(cardText(res.card), /Outlook invitation sent/);
    const [ev] = [...state.events.values()];
    assert.equal(ev.patches.length, 1);
    assert.deepEqual(ev.patches[0].start, { dateTime: '2025-05-23T11:00:00', timeZone: 'Europe/London' });
    assert.equal(h.bot.services.meetings.get(meetingId)?.joinUrl, ev.joinUrl);
  });

  it('after the meeting the report is fetched (first not ready, then ready) and the attendance card shows who attended, replied but did not join, and joined without replying', async () => {
    await h.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await h.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    const ev = [...state.events.values()][0];
    setAttendance(state, ev.joinUrl, {
      readyAt: Date.parse('2025-05-23T12:40:00Z'),
      start: '2025-05-23T10:01:00Z',
      end: '2025-05-23T11:55:00Z',
      records: [
        { identity: { id: helen.aadObjectId, displayName: 'Helen Bradley' }, emailAddress: 'helen.bradley@nchc.nhs.uk', totalAttendanceInSeconds: 6300 },
        { identity: { displayName: 'Ros Cutts' }, emailAddress: 'ros@mulberry.example', totalAttendanceInSeconds: 3000 },
        { identity: { displayName: 'Pat Visitor' }, emailAddress: 'pat@elsewhere.example', totalAttendanceInSeconds: 900 },
      ],
    });
    clock.set('2025-05-23T12:15:00Z'); // booked end 13:00 BST, +15 minutes
    await h.bot.services.scheduler.runNow();
    let card = (await h.press(bu, VERBS.meetingAttendance, { meetingId })).card;
    assert.match(cardText(card), /Teams has not produced the attendance report yet\. The bot looks again on Friday 23 May 2025, 14:00/);

    clock.set('2025-05-23T13:00:00Z');
    await h.bot.services.scheduler.runNow();
    card = (await h.press(bu, VERBS.meetingAttendance, { meetingId })).card;
    const text = cardText(card);
    assert.match(text, /2 of 3 members joined, and 1 other person\./);
    assert.match(text, /Helen Bradley, NCHC · joined, 1 h 45 min/);
    assert.match(text, /Replied attending but did not join \(1\)\n- Stuart Odell, Trowse Primary/);
    assert.match(text, /Joined without replying \(1\)\n- Ros Cutts, Mulberry Nursery: 50 min/);
    assert.match(text, /Pat Visitor \(not on the roster\): 15 min/);
    const paths = fake.requests.filter((r) => !r.signIn && r.path.includes('onlineMeetings')).map((r) => r.path);
    assert.ok(paths.some((p) => p.endsWith('/attendanceRecords')));
  });

  it('once started, the meeting leaves Upcoming but stays under Recent meetings, whose button opens its card and its attendance', async () => {
    // clock: 2025-05-23T13:00Z, after the 10:30 BST meeting
    const list = (await h.press(bu, VERBS.meetingsUpcoming)).card;
    const text = cardText(list);
    assert.match(text, /Recent meetings/);
    assert.doesNotMatch(text.split('Recent meetings')[0], /LSCG South/, 'not upcoming any more');
    const open = buttonTitled(list, /^Open LSCG South, Friday 23 May 2025/);
    assert.ok(open, `a titled button for the meeting: ${text}`);
    assert.equal(open.data.meetingId, meetingId);
    const admin = (await h.press(bu, open.verb, open.data)).card;
    assert.match(cardText(admin), /LSCG South: Friday 23 May 2025/);
    const attendance = buttonTitled(admin, /^Attendance$/);
    assert.ok(attendance, 'the meeting card offers Attendance');
    const report = cardText((await h.press(bu, attendance.verb, attendance.data)).card);
    assert.match(report, /Replied attending but did not join \(1\)/);
    assert.match(report, /Joined without replying \(1\)/);
    assert.ok(buttonTitled((await h.press(bu, attendance.verb, attendance.data)).card, /^Fetch attendance again$/), 'Fetch attendance again is there');
  });

  it('cancelling a meeting cancels its Outlook event with a note', async () => {
    clock.set('2025-05-24T09:00:00Z');
    await h.press(bu, VERBS.meetingSchedule, online({ date: '2025-07-18' }));
    const m = h.bot.services.meetings.upcoming()[0];
    const ask = cardText((await h.press(bu, VERBS.meetingCancelAsk, { meetingId: m.id })).card);
    assert.match(ask, /Outlook will send the cancellation to every member invited from lscg-meetings@norfolk.gov.uk/);
    assert.doesNotMatch(ask, /nobody will be notified/);
    const res = await h.press(bu, VERBS.meetingCancel, { meetingId: m.id });
    assert.match(cardText(res.card), /The Outlook invitation from lscg-meetings@norfolk.gov.uk was cancelled/);
    const ev = state.events.get(m.invitation!.eventId!)!;
    assert.match(ev.cancelled?.comment ?? '', /cancelled/);
  });

  it('a calendar the app may not use (403) says the fix on the card, keeps the meeting, and Try the invitation again sends it once fixed', async () => {
    state.calendarDenied = true;
    const res = await h.press(bu, VERBS.meetingSchedule, online({ date: '2025-09-19' }));
    const text = cardText(res.card);
    assert.match(text, /Scheduled and saved in the bot, but the Outlook invitation was not sent/);
    assert.match(text, /Outlook invitation not sent: The bot may not use the calendar of lscg-meetings@norfolk.gov.uk.*Calendars\.ReadWrite.*New-ApplicationAccessPolicy/s);
    assert.ok(cardVerbs(res.card).includes(VERBS.meetingInvitationRetry));
    const m = h.bot.services.meetings.upcoming().find((x) => x.startsAt.startsWith('2025-09-19'))!;
    assert.equal(m.status, 'scheduled');
    state.calendarDenied = false;
    const again = await h.press(bu, VERBS.meetingInvitationRetry, { meetingId: m.id });
    assert.match(cardText(again.card), /went through this time/);
    assert.ok(h.bot.services.meetings.get(m.id)?.joinUrl?.startsWith('https://teams.microsoft.com/'));
  });

  it('a missing Teams access policy (403) shows the admin\'s exact step on the attendance card, and nothing stored is lost', async () => {
    state.policyFor.clear();
    const before = { meetings: h.bot.services.meetings.all().length, rsvps: (await h.bot.services.rsvps.forMeeting(meetingId)).length, attended: h.bot.services.teamsAttendance!.of(meetingId)?.attendees.length };
    clock.set('2025-09-19T11:45:00Z'); // the 19 September meeting was booked until 12:30 BST: its first look
    const m = h.bot.services.meetings.all().find((x) => x.startsAt.startsWith('2025-09-19'))!;
    await h.bot.services.scheduler.runNow();
    const card = (await h.press(bu, VERBS.meetingAttendance, { meetingId: m.id })).card;
    assert.match(cardText(card), /New-CsApplicationAccessPolicy, then Grant-CsApplicationAccessPolicy/);
    assert.ok(cardVerbs(card).includes(VERBS.meetingAttendanceFetch));
    // A fresh look at the first meeting fails the same way and keeps what it had.
    const first = h.bot.services.meetings.get(meetingId)!;
    await h.bot.services.teamsAttendance!.fetch(first);
    assert.equal(h.bot.services.teamsAttendance!.of(meetingId)?.state, 'ready');
    assert.equal(h.bot.services.teamsAttendance!.of(meetingId)?.attendees.length, before.attended);
    const kept = (await h.press(bu, VERBS.meetingAttendance, { meetingId })).card;
    assert.match(cardText(kept), /A later look failed, so this is still the report fetched then: Teams will not give the bot/);
    assert.match(cardText(kept), /Helen Bradley, NCHC · joined, 1 h 45 min/);
    assert.equal(h.bot.services.meetings.all().length, before.meetings);
    assert.equal((await h.bot.services.rsvps.forMeeting(meetingId)).length, before.rsvps);
  });

  it('the yearly card (business unit only, from LSCG meetings) counts the year\'s meetings from replies and Teams, and its CSV downloads', async () => {
    clock.set('2025-10-01T09:00:00Z');
    const list = await h.press(bu, VERBS.meetingsUpcoming);
    assert.ok(cardVerbs(list.card).includes(VERBS.meetingsYear), 'reachable from the meetings card');
    const refused = await h.press(helen, VERBS.meetingsYear, { year: '2025' });
    assert.match(cardText(refused.card), /Only NSCP business unit staff/);
    const res = await h.press(bu, VERBS.meetingsYear, { year: '2025' });
    const text = cardText(res.card);
    assert.match(text, /LSCG attendance 2025–26/);
    // Held: 23 May (Teams report) and 19 September (invitation resent; no report); 18 July was cancelled.
    assert.match(text, /\*\*2\*\* meetings held\. Attended: joined in Teams for the 1 meetings with Teams' attendance report; for the other 1, replied Attending\./);
    const download = res.card.actions.find((a: Json) => a.title === 'Download CSV');
    const csv = await (await fetch(download.url.replace(h.config.publicBaseUrl, h.bot.url))).text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    // 23 May (from Teams): Helen and Ros attended, Stuart replied but did not join; 19 September: nobody replied.
    assert.equal(lines[1], '"LSCG","LSCG South","2","6","2","0","0","3"');
    const bad = await h.press(bu, VERBS.meetingsYear, { year: '1999' });
    assert.match(cardText(bad.card), /Choose a reporting year from 2025–26 to 2025–26/);
  });
});
