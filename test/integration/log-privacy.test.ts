import assert from 'node:assert/strict';
import { VERBS } from '../support/verbs.js';
import { makeUser, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';

const bu = makeUser('A', 1, 'Sipco.Lead@norfolk.gov.uk', 'Marian Osbourne');
const helen = makeUser('B', 2, 'helen.bradley@nchc.example', 'Helen Bradley');
const jo = makeUser('C', 3, 'jo.kettering@police.example', 'Jo Kettering');
const fay = makeUser('D', 4, 'fay.fenwick@police.example', 'Fay Fenwick');
const fred = makeUser('E', 5, 'fred.fairbairn@nchc.example', 'Fred Fairbairn');
const pat = makeUser('F', 6, 'pat.pennington@school.example', 'Pat Pennington');
const DEPUTY = 'Desmond Quarrington';

/**
 * Runs meetings, Section 11 and JAGS through the real server with sends and failures, then reads
 * every log line the bot wrote: no email, name or typed text of anyone it used may be there.
 */
describe('logs carry no email, name or typed text', function () {
  this.timeout(60000);
  let h: Harness;
  const clock = new ShiftedClock('2025-09-10T08:00:00Z');

  before(async () => {
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
  });
  after(async () => h?.close());

  it('runs a busy morning: installs, roster, a meeting with replies, a Section 11 cycle and a JAGS session', async () => {
    for (const u of [bu, helen, jo, fay, fred, pat]) await h.install(u);
    const rows = [
      `${helen.email}\t${helen.name}\tNCHC\tLSCG South`,
      `${jo.email}\t${jo.name}\tNorfolk Constabulary\tSection 11 leads;LSCG South`,
      `${fay.email}\t${fay.name}\tNorfolk Constabulary\tJAGS facilitators`,
      `${fred.email}\t${fred.name}\tNCHC\tJAGS facilitators`,
      'nobody-installed@x.example\tNora Absent\tNCC\tLSCG South',
    ].join('\n');
    const preview = await h.press(bu, VERBS.rosterPreview, { rows });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: { verb?: string }) => a.verb === VERBS.rosterApply).data.importId });
    await h.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-south', date: '2025-09-15', time: '10:00', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/x', agenda: 'Neglect strategy' });
    const meetingId = h.bot.services.meetings.upcoming()[0].id;
    await h.press(helen, VERBS.meetingRsvp, { meetingId, response: 'deputy', deputyName: DEPUTY });
    await h.press(jo, VERBS.meetingRsvp, { meetingId, response: 'deputy', deputyName: '' });
    await h.press(bu, VERBS.s11OpenCycle, { year: '2025', trackId: 'partners', deadline: '2025-10-31', organisations: 'norfolk-constabulary' });
    await h.press(bu, VERBS.jagsLogRequest, { receivedOn: '2025-09-08', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
    const requestId = h.bot.services.jags.allRequests()[0].id;
    await h.press(bu, VERBS.jagsLogSession, { requestId, date: '2025-09-09', time: '10:00', facilitator1: fay.email, facilitator2: fred.email, participants: pat.email });
    await h.message(helen, `my colleague ${pat.name} asked about this`);
    await h.bot.services.scheduler.runNow();
    await h.bot.services.queue.idle();
    assert.ok(h.fake.sentActivities().length >= 5, 'messages went out');
    assert.ok(h.logs.some((l) => l.includes('"delivery.sent"')), 'sends were logged');
  });

  it('has none of their emails, names or the deputy typed in any log line', () => {
    const all = h.logs.join('\n').toLowerCase();
    const secrets = [bu, helen, jo, fay, fred, pat].flatMap((u) => [u.email, u.name, u.email.split('@')[0]]).concat(['nobody-installed@x.example', 'Nora Absent', DEPUTY, 'Neglect strategy']);
    for (const s of secrets) assert.ok(!all.includes(s.toLowerCase()), `the log mentions "${s}"`);
  });
});
