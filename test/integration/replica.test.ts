import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { graphProvision } from '../../bot/graph-provision.js';
import { replicaLine } from '../../services/replica/replica-words.js';
import { VERBS } from '../support/verbs.js';
import { cardText, makeUser, sentCard, ShiftedClock, startHarness, type Harness } from '../support/bot-harness.js';
import { fakeGraphEnv, startFakeGraph, type FakeGraph } from '../support/fake-graph/server.js';
import { addListsRoutes, FAKE_SITE_ID, newListsState, type ListsState } from '../support/fake-graph/lists.js';
import { eventually, provisionedFakeGraph, rowsOf, rowsPerBotId } from '../support/replica-fixture.js';
import type { Json } from '../support/json.js';

const bu = makeUser('A', 1, 'sipco@norfolk.gov.uk', 'Mark Osborn');
const helen = makeUser('B', 2, 'Helen.Bradley@nchc.nhs.uk', 'Helen Bradley');
const stuart = makeUser('C', 3, 'head@trowse.norfolk.sch.uk', 'Stuart Odell');

const ROWS = ['email\tname\torganisation\tgroups', 'helen.bradley@nchc.nhs.uk\tHelen Bradley\tNCHC\tLSCG South', 'head@trowse.norfolk.sch.uk\tStuart Odell\tTrowse Primary\tLSCG South'].join('\n');

describe('SharePoint replica through the real server and the fake Graph over https', function () {
  this.timeout(90_000);
  let h: Harness | undefined;
  let fake: FakeGraph;
  let state: ListsState;
  let graphEnv: Record<string, string>;

  async function provisionAgain(): Promise<string> {
    const out: string[] = [];
    assert.equal(await graphProvision({ env: graphEnv, out: (l) => out.push(l), sleep: async () => undefined }), 0);
    return out.join('\n');
  }
  const clock = new ShiftedClock('2025-05-10T08:00:00Z');

  /** `later`: settings the bot starts with after the lists were provisioned with the right ones. */
  async function start(extra: Record<string, string> = {}, later: Record<string, string> = {}): Promise<Harness> {
    const p = await provisionedFakeGraph({ BUSINESS_UNIT_IDS: bu.aadObjectId, SHAREPOINT_RESOURCE_UNITS_PER_MINUTE: '60000', ...extra });
    fake = p.fake;
    state = p.state;
    graphEnv = { DATA_DIR: '/nonexistent-not-used', ...p.env };
    h = await startHarness({ clock, env: { ...p.env, ...later } });
    await h.install(bu);
    await h.install(helen);
    await h.install(stuart);
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: ROWS });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: Json) => a.verb === VERBS.rosterApply).data.importId });
    return h;
  }

  async function meeting(date = '2025-05-23'): Promise<string> {
    await h!.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-south', date, time: '10:30', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting', agenda: 'Welcome' });
    await h!.settle();
    return h!.bot.services.meetings.upcoming().find((m) => m.startsAt.startsWith(date))!.id;
  }

  const inStep = () => h!.bot.services.replica.status().state === 'in step';

  afterEach(async () => {
    await h?.close();
    h = undefined;
    await fake?.close();
  });

  it('an RSVP press becomes a row in SharePoint; the menu says in step and /healthz has no backlog', async () => {
    await start();
    const meetingId = await meeting();
    const res = await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'apologies' });
    assert.match(cardText(res.card), /Your reply: Apologies/);
    await eventually(() => rowsOf(state, 'nscpRsvps').length === 1 && inStep(), 10_000, 'the RSVP row never arrived');
    const [row] = rowsOf(state, 'nscpRsvps');
    assert.equal(row.Response, 'Apologies');
    assert.equal(row.Person, 'Helen Bradley');
    assert.equal(row.Organisation, 'NCHC');
    assert.equal(row.MeetingBotId, meetingId);
    assert.ok(!JSON.stringify(row).toLowerCase().includes('helen.bradley@'), 'no email in the row');
    assert.equal(rowsOf(state, 'nscpMeetings').length, 1);
    // A later change updates the same row.
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await eventually(() => rowsOf(state, 'nscpRsvps')[0]?.Response === 'Attending' && inStep(), 10_000, 'the change never arrived');
    assert.equal(rowsOf(state, 'nscpRsvps').length, 1);

    await h!.message(bu, 'help');
    const menu = await h!.fake.waitFor((r) => r.conversationId === bu.conversationId && /What would you like/.test(JSON.stringify(r.body)) && /SharePoint replica/.test(JSON.stringify(r.body)));
    assert.match(cardText(sentCard(menu.body)), /SharePoint replica: in step/);
    const health = (await (await fetch(`${h!.bot.url}/healthz`)).json());
    assert.deepEqual(health, { status: 'ok', replica: { state: 'in step', backlog: 0, oldestAgeSeconds: 0 } });
  });

  it('honours 429 on the whole batch and on inner requests: every row arrives once', async () => {
    await start();
    let outer = 1;
    let inner = 3;
    fake.faults.throttle = (req) => {
      if (!req.inner && req.path === '/$batch' && outer > 0) return (outer--, 1);
      if (req.inner && req.method === 'POST' && inner > 0) return (inner--, 1);
      return undefined;
    };
    for (let i = 0; i < 30; i++) await h!.bot.services.jags.logRequest({ receivedOn: '2025-05-01', agency: `Agency ${i}`, role: 'Social worker', outcome: 'tacs' });
    await eventually(() => rowsOf(state, 'nscpJagsRequests').length === 30 && inStep(), 20_000, 'not every request arrived');
    assert.ok([...rowsPerBotId(state, 'nscpJagsRequests').values()].every((n) => n === 1), 'no row twice');
    assert.ok(fake.requests.some((r) => !r.inner && r.path === '/$batch' && r.status === 429), 'an outer 429 was answered');
    assert.equal(fake.requests.filter((r) => r.inner && r.status === 429).length, 3, 'three inner 429s were answered');
  });

  it('rides out an outage while answers keep arriving, says so, then syncs every row once', async () => {
    await start();
    const meetingId = await meeting();
    await eventually(inStep, 10_000, 'the meeting never synced');
    fake.faults.down = true;
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    for (let i = 0; i < 10; i++) await h!.bot.services.jags.logRequest({ receivedOn: '2025-05-01', agency: `Agency ${i}`, role: 'Teacher', outcome: 'tacs' });
    await eventually(() => h!.bot.services.replica.status().state === 'failing', 15_000, 'the replica never said it was failing');
    const health = (await (await fetch(`${h!.bot.url}/healthz`)).json()) as { replica: { backlog: number; state: string } };
    assert.equal(health.replica.state, 'failing');
    assert.equal(health.replica.backlog, 11);
    assert.deepEqual(Object.keys(health.replica).sort(), ['backlog', 'oldestAgeSeconds', 'state'], 'no reason on the public /healthz');
    assert.match(replicaLine(h!.bot.services.replica.status(), new Date(), 'Europe/London'), /failing since .*unavailable/, 'the reason is on the menu');
    await h!.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'apologies' });
    fake.faults.down = false;
    await eventually(inStep, 30_000, 'the replica never caught up');
    assert.equal(rowsOf(state, 'nscpRsvps').length, 2);
    assert.equal(rowsOf(state, 'nscpJagsRequests').length, 10);
    for (const list of ['nscpRsvps', 'nscpJagsRequests', 'nscpMeetings']) assert.ok([...rowsPerBotId(state, list).values()].every((n) => n === 1), `no row twice in ${list}`);
  });

  it('restarted in the middle of a sync (same data folder), carries on: every row once', async () => {
    await start({ SHAREPOINT_RESOURCE_UNITS_PER_MINUTE: '3000' });
    fake.faults.latencyMs = 30;
    for (let i = 0; i < 200; i++) await h!.bot.services.jags.logRequest({ receivedOn: '2025-05-01', agency: `Agency ${i}`, role: 'Nurse', outcome: 'tacs' });
    await eventually(() => rowsOf(state, 'nscpJagsRequests').length >= 40, 20_000, 'the sync never started');
    assert.ok(rowsOf(state, 'nscpJagsRequests').length < 200, 'still syncing when restarted');
    await h!.restart();
    await eventually(() => rowsOf(state, 'nscpJagsRequests').length === 200 && inStep(), 60_000, 'the sync never finished after the restart');
    assert.ok([...rowsPerBotId(state, 'nscpJagsRequests').values()].every((n) => n === 1), 'no row twice');
  });

  it('erasing a person removes their rows from SharePoint', async () => {
    await start();
    const meetingId = await meeting();
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await h!.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await eventually(() => rowsOf(state, 'nscpRsvps').length === 2 && inStep(), 10_000, 'the rows never arrived');
    await h!.bot.services.privacy.erase('helen.bradley@nchc.nhs.uk');
    await eventually(() => rowsOf(state, 'nscpRsvps').length === 1 && inStep(), 10_000, 'the row was not removed');
    assert.equal(rowsOf(state, 'nscpRsvps')[0].Person, 'Stuart Odell');
    assert.ok(!JSON.stringify(rowsOf(state, 'nscpRsvps')).includes('Helen'));
  });

  it('an erasure made while the Graph settings were missing still removes the rows once they are back', async () => {
    await start();
    const meetingId = await meeting();
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await h!.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await eventually(() => rowsOf(state, 'nscpRsvps').length === 2 && inStep(), 10_000, 'the rows never arrived');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'nscp-it-'));
    try {
      await h!.bot.stop();
      await h!.fake.close();
      cpSync(h!.dataDir, dataDir, { recursive: true });
      rmSync(h!.dataDir, { recursive: true, force: true });
      h = await startHarness({ clock, dataDir, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
      await h.bot.services.privacy.erase('helen.bradley@nchc.nhs.uk');
      await h.close();
      h = await startHarness({ clock, dataDir, env: { ...graphEnv, DATA_DIR: dataDir } });
      await eventually(() => rowsOf(state, 'nscpRsvps').length === 1 && inStep(), 10_000, 'the erased row stayed in SharePoint');
      assert.ok(!JSON.stringify(rowsOf(state, 'nscpRsvps')).includes('Helen'));
    } finally {
      await h?.close();
      h = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a list deleted by hand stops with the fix named on the menu; nothing is lost, and provisioning again resumes it', async () => {
    clock.set('2025-05-10T08:00:00Z');
    await start();
    const meetingId = await meeting();
    await eventually(inStep, 10_000, 'the meeting never synced');
    const site = [...state.sites.values()][0];
    const rsvps = [...site.lists.values()].find((l) => l.name === 'nscpRsvps')!;
    site.lists.delete(rsvps.id);
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await eventually(() => h!.bot.services.replica.status().state === 'failing', 10_000, 'the replica never said it was failing');
    await h!.message(bu, 'menu');
    const menu = await h!.fake.waitFor((r) => r.conversationId === bu.conversationId && /failing since/.test(JSON.stringify(r.body)));
    assert.match(cardText(sentCard(menu.body)), /SharePoint replica: failing since \d\d:\d\d: the list "NSCP meeting replies" is not in the SharePoint site \(deleted by hand\?\)\. Run npm run graph:provision/);
    await h!.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'apologies' });
    assert.equal(rowsOf(state, 'nscpMeetings').length, 1, 'the other lists carry on');

    const again = await provisionAgain();
    assert.match(again, /Created the list "NSCP meeting replies"/);
    // The blocked list is tried again five minutes on; a new change wakes the replicator to look.
    clock.set('2025-05-10T08:06:00Z');
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'deputy', deputyName: 'Amy Deputy' });
    await eventually(inStep, 10_000, 'the list never resumed');
    assert.deepEqual(rowsOf(state, 'nscpRsvps').map((r) => r.Response).sort(), ['Apologies', 'Sending a deputy']);
  });

  it('lists deleted and made again empty (a stand-in restarted, then graph:provision): after a restart every row is sent again, once', async () => {
    await start();
    const facilitators = [ROWS, 'fay@police.example\tFay Facilitator\tNorfolk Constabulary\tJAGS facilitators', 'fred@health.example\tFred Facilitator\tNCHC\tJAGS facilitators'].join('\n');
    const preview = await h!.press(bu, VERBS.rosterPreview, { rows: facilitators });
    await h!.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: Json) => a.verb === VERBS.rosterApply).data.importId });
    const meetingId = await meeting();
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    const request = await h!.bot.services.jags.logRequest({ receivedOn: '2025-05-01', agency: 'Norfolk Constabulary', role: 'Detective Sergeant', outcome: 'proceeded' });
    await h!.bot.services.jags.logSession({ requestId: request.id, date: '2025-05-20', time: '10:00', facilitator1: 'fay@police.example', facilitator2: 'fred@health.example', participants: 'helen.bradley@nchc.nhs.uk' });
    const lists = ['nscpMeetings', 'nscpRsvps', 'nscpJagsRequests', 'nscpJagsSessions'];
    await eventually(() => lists.every((l) => rowsOf(state, l).length === 1) && inStep(), 10_000, 'the rows never arrived');
    const before = new Map(lists.map((l) => [l, rowsOf(state, l)]));

    [...state.sites.values()][0].lists.clear();
    await provisionAgain();
    assert.ok(lists.every((l) => rowsOf(state, l).length === 0), 'the lists were made again empty');
    await h!.restart();
    await eventually(() => lists.every((l) => rowsOf(state, l).length === 1) && inStep(), 10_000, 'the rows never came back');
    for (const l of lists) {
      assert.ok([...rowsPerBotId(state, l).values()].every((n) => n === 1), `no row twice in ${l}`);
      assert.deepEqual(rowsOf(state, l).map((r) => r.BotId), before.get(l)!.map((r) => r.BotId), `the same rows in ${l}`);
    }
    assert.deepEqual(await (await fetch(`${h!.bot.url}/healthz`)).json(), { status: 'ok', replica: { state: 'in step', backlog: 0, oldestAgeSeconds: 0 } });
  });

  it('a list deleted and made again while the bot runs: the next change finds out, and every row of it is sent again', async () => {
    await start();
    const meetingId = await meeting();
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await h!.press(stuart, VERBS.meetingRsvp, { meetingId, response: 'attending' });
    await eventually(() => rowsOf(state, 'nscpRsvps').length === 2 && inStep(), 10_000, 'the rows never arrived');
    const site = [...state.sites.values()][0];
    site.lists.delete([...site.lists.values()].find((l) => l.name === 'nscpRsvps')!.id);
    await provisionAgain();
    await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'apologies' });
    await eventually(() => rowsOf(state, 'nscpRsvps').length === 2 && inStep(), 10_000, 'the rows never came back');
    assert.deepEqual(rowsOf(state, 'nscpRsvps').map((r) => `${String(r.Person)}: ${String(r.Response)}`).sort(), ['Helen Bradley: Apologies', 'Stuart Odell: Attending']);
    assert.ok([...rowsPerBotId(state, 'nscpRsvps').values()].every((n) => n === 1), 'no row twice');
  });

  for (const [what, later, fix] of [
    ['a wrong client secret', { GRAPH_CLIENT_SECRET: 'not-the-secret' }, /GRAPH_CLIENT_SECRET/],
    ['a site id that does not exist', { SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,00000000-0000-4000-8000-000000000000,00000000-0000-4000-8000-000000000001' }, /Check SHAREPOINT_SITE_ID/],
  ] as const) {
    it(`with ${what}, the menu says so and names the fix; the answers wait`, async () => {
      await start({}, later);
      const meetingId = await meeting();
      await h!.press(helen, VERBS.meetingRsvp, { meetingId, response: 'attending' });
      await eventually(() => h!.bot.services.replica.status().state === 'failing', 20_000, 'the replica never said it was failing');
      const s = h!.bot.services.replica.status();
      assert.ok(s.state === 'failing' && fix.test(s.reason), JSON.stringify(s));
      assert.ok(s.state === 'failing' && s.waiting >= 2, 'the meeting and the reply wait');
      await h!.message(bu, 'menu');
      const menu = await h!.fake.waitFor((r) => r.conversationId === bu.conversationId && /failing since/.test(JSON.stringify(r.body)));
      assert.match(cardText(sentCard(menu.body)), fix);
      assert.equal(rowsOf(state, 'nscpRsvps').length, 0);
    });
  }

  for (const [what, later, fix] of [
    ['a wrong client secret', { GRAPH_CLIENT_SECRET: 'not-the-secret' }, /GRAPH_CLIENT_SECRET/],
    ['a site id that does not exist', { SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,00000000-0000-4000-8000-000000000000,00000000-0000-4000-8000-000000000001' }, /Check SHAREPOINT_SITE_ID/],
  ] as const) {
    it(`with ${what}, says so from the start, before any change: menu, /healthz and one warning naming the fix`, async () => {
      const p = await provisionedFakeGraph({ BUSINESS_UNIT_IDS: bu.aadObjectId });
      fake = p.fake;
      h = await startHarness({ clock, env: { ...p.env, ...later } });
      await eventually(() => h!.bot.services.replica.status().state === 'failing', 10_000, 'the replica said nothing until a change');
      const health = (await (await fetch(`${h.bot.url}/healthz`)).json()) as { replica: { state: string } };
      assert.equal(health.replica.state, 'failing');
      const warnings = h.logs.filter((l) => /replica\.failing/.test(l));
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /warn/);
      assert.match(warnings[0], fix);
      assert.ok(!warnings[0].includes(p.env.GRAPH_CLIENT_SECRET) && !warnings[0].includes('not-the-secret'), 'no secret in the log');
      await h.install(bu);
      await h.message(bu, 'menu');
      const menu = await h.fake.waitFor((r) => r.conversationId === bu.conversationId && /failing since/.test(JSON.stringify(r.body)));
      assert.match(cardText(sentCard(menu.body)), fix);
    });
  }

  it('with no Graph settings, runs as before and the menu says the replica is off', async () => {
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId } });
    fake = { close: async () => undefined } as FakeGraph;
    await h.install(bu);
    await h.message(bu, 'help');
    const menu = await h.fake.waitFor((r) => r.conversationId === bu.conversationId && /SharePoint replica/.test(JSON.stringify(r.body)));
    assert.match(cardText(sentCard(menu.body)), /SharePoint replica: off — set SHAREPOINT_SITE_ID to keep answers in SharePoint/);
    assert.deepEqual(await (await fetch(`${h.bot.url}/healthz`)).json(), { status: 'ok' });
  });

  it('with the Graph sign-in but no SHAREPOINT_SITE_ID, the replica is off: no request reaches SharePoint, the menu says what to set', async () => {
    fake = await startFakeGraph();
    const lists = newListsState();
    addListsRoutes(fake, lists);
    const env = fakeGraphEnv(fake, FAKE_SITE_ID);
    delete env.SHAREPOINT_SITE_ID;
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId, ...env } });
    await h.install(bu);
    await h.message(bu, 'help');
    const menu = await h.fake.waitFor((r) => r.conversationId === bu.conversationId && /SharePoint replica/.test(JSON.stringify(r.body)));
    assert.match(cardText(sentCard(menu.body)), /SharePoint replica: off — set SHAREPOINT_SITE_ID to keep answers in SharePoint/);
    assert.deepEqual(await (await fetch(`${h.bot.url}/healthz`)).json(), { status: 'ok' });
    assert.equal(lists.sites.get(FAKE_SITE_ID)!.lists.size, 0);
    assert.deepEqual(fake.requests.filter((r) => r.path.includes('/sites/')), []);
  });
});
