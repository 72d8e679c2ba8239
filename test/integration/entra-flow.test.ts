import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VERBS } from '../support/verbs.js';
import { cardText, cardVerbs, makeUser, ShiftedClock, startHarness, TENANT, within, type Harness } from '../support/bot-harness.js';
import { addAppsRoutes, newAppsState, type AppsState } from '../support/fake-graph/apps.js';
import { addGroupsRoutes, newGroupsState, type GroupsState } from '../support/fake-graph/groups.js';
import { FAKE_SITE_ID } from '../support/fake-graph/lists.js';
import { fakeGraphEnv, startFakeGraph, type FakeGraph } from '../support/fake-graph/server.js';
import type { Json } from '../support/json.js';

const ENTRA_SOUTH = '0f6e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const CATALOG = '7d7a0b6c-1111-4c2d-9e3f-000000000abc';
const bu = makeUser('A', 1, 'bu@norfolk.gov.uk', 'Business Unit');

/** config/norfolk.json with LSCG South following an Entra group, in a folder of its own. */
function boundConfig(): { file: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'entra-cfg-'));
  const config = JSON.parse(readFileSync('config/norfolk.json', 'utf8'));
  config.groups.find((g: Json) => g.id === 'lscg-south').entraGroupId = ENTRA_SOUTH;
  const file = path.join(dir, 'norfolk.json');
  writeFileSync(file, JSON.stringify(config));
  return { file, dir };
}

const member = (n: number, name: string, email: string) => ({ id: `44444444-4444-4444-8444-${String(n).padStart(12, '0')}`, displayName: name, mail: email, userPrincipalName: email });

describe('Entra groups as audiences, through the real server and the fake Graph', function () {
  this.timeout(60000);
  let graph: FakeGraph;
  let groups: GroupsState;
  let h: Harness;
  let cfg: { file: string; dir: string };
  const clock = new ShiftedClock('2026-03-02T10:00:00Z');

  before(async () => {
    graph = await startFakeGraph({ app: { tenantId: TENANT } });
    groups = newGroupsState({ [ENTRA_SOUTH]: [member(1, 'Jo Bloggs', 'Jo.Bloggs@norfolk.gov.uk'), member(2, 'Sam New', 'sam.new@norfolk.gov.uk')] }, { maxPageSize: 1 });
    addGroupsRoutes(graph, groups);
    cfg = boundConfig();
    h = await startHarness({ clock, env: { BUSINESS_UNIT_IDS: bu.aadObjectId, PARTNERSHIP_CONFIG: cfg.file, ...fakeGraphEnv(graph, FAKE_SITE_ID) } });
    await h.install(bu);
    const preview = await h.press(bu, VERBS.rosterPreview, { rows: 'jo.bloggs@norfolk.gov.uk\tJo Bloggs\tNorfolk County Council\tLSCG West\nleft@norfolk.gov.uk\tLeft Already\tNorfolk County Council\tLSCG South\nhead@school.org\tHead Teacher\tA School\tLSCG South' });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: Json) => a.verb === VERBS.rosterApply).data.importId });
  });
  after(async () => {
    await h?.close();
    await graph?.close();
    rmSync(cfg.dir, { recursive: true, force: true });
  });

  /** Refresh from Entra as the business unit sees it: the press answers at once, and the read's card arrives in their chat. */
  async function refreshFromEntra(): Promise<{ card: Json }> {
    const before = h.fake.sentActivities().length;
    const pressed = await h.press(bu, VERBS.entraRefresh);
    assert.match(cardText(pressed.card), /Reading 1 group from Entra… The changes will arrive in this chat when it ends/);
    await h.settle();
    const told = h.fake.sentActivities().slice(before).filter((a) => a.conversationId === bu.conversationId);
    assert.equal(told.length, 1, 'one card, in the presser\'s chat');
    return { card: told[0].activity.attachments[0].content };
  }

  it('the business unit presses Refresh from Entra, sees what would change, and nothing changes until it applies', async () => {
    const form = await h.press(bu, VERBS.rosterForm);
    assert.ok(cardVerbs(form.card).includes(VERBS.entraRefresh), 'the People card offers Refresh from Entra');
    const seen = graph.requests.length;
    const refresh = await refreshFromEntra();
    const text = cardText(refresh.card);
    assert.match(text, /LSCG South/);
    assert.match(text, /2 members/);
    assert.match(text, /Join the group \(already on the list\): 1/);
    assert.match(text, /New to the list, in the group: 1/);
    assert.match(text, /Leave the group: 1/);
    assert.match(text, /Sam New \(sam\.new@norfolk\.gov\.uk\)/);
    assert.match(text, /Head Teacher: their address is not one of the tenant's domains/);
    assert.match(text, /cannot be read from the partnership's Entra groups/);
    const pages = graph.requests.slice(seen).filter((r) => r.path === `/groups/${ENTRA_SOUTH}/transitiveMembers/microsoft.graph.user`);
    assert.equal(pages.length, 2, 'every page read (one member a page)');
    assert.equal(h.bot.services.people.person('sam.new@norfolk.gov.uk'), undefined);
    assert.deepEqual(h.bot.services.people.person('left@norfolk.gov.uk')!.groupIds, ['lscg-south']);

    const apply = refresh.card.actions.find((a: Json) => a.title === 'Apply these changes');
    assert.ok(apply, 'Apply these changes');
    assert.ok(refresh.card.actions.some((a: Json) => a.title === 'Discard'), 'Discard is a step of its own');
    const applied = await h.press(bu, apply.verb, apply.data);
    assert.match(cardText(applied.card), /Changes from Entra applied/);
    const people = h.bot.services.people;
    assert.deepEqual(people.person('jo.bloggs@norfolk.gov.uk')!.groupIds, ['lscg-south', 'lscg-west']);
    assert.equal(people.person('jo.bloggs@norfolk.gov.uk')!.aadObjectId, member(1, '', '').id);
    assert.deepEqual(people.person('sam.new@norfolk.gov.uk')!.groupIds, ['lscg-south']);
    assert.deepEqual(people.person('left@norfolk.gov.uk')!.groupIds, []);
    assert.deepEqual(people.person('head@school.org')!.groupIds, ['lscg-south'], 'another organisation is kept');

    const again = await h.press(bu, apply.verb, apply.data);
    assert.match(cardText(again.card), /applied or discarded already/);
  });

  it('a group id Entra does not know gives the message naming the fix, and nothing changes', async () => {
    const before = JSON.stringify(h.bot.services.people.all());
    const kept = groups.groups.get(ENTRA_SOUTH)!;
    groups.groups.delete(ENTRA_SOUTH);
    try {
      const res = await refreshFromEntra();
      const text = cardText(res.card);
      assert.match(text, new RegExp(`Entra has no group with the id ${ENTRA_SOUTH} \\(set for LSCG South\\)`));
      assert.match(text, /Check entraGroupId in the partnership config file/);
      assert.match(text, /Nothing was changed/);
      assert.ok(!res.card.actions.some((a: Json) => a.title === 'Apply these changes'));
      assert.equal(JSON.stringify(h.bot.services.people.all()), before);
    } finally {
      groups.groups.set(ENTRA_SOUTH, kept);
    }
  });

  it('without GroupMember.Read.All the card names the permission, and nothing changes', async () => {
    const before = JSON.stringify(h.bot.services.people.all());
    groups.granted = false;
    try {
      const res = await refreshFromEntra();
      assert.match(cardText(res.card), /grant the application permission GroupMember\.Read\.All/);
      assert.equal(JSON.stringify(h.bot.services.people.all()), before);
    } finally {
      groups.granted = true;
    }
  });

  it('the daily refresh tells the business unit in chat, with the same Apply and Discard', async () => {
    groups.groups.set(ENTRA_SOUTH, [member(1, 'Jo Bloggs', 'jo.bloggs@norfolk.gov.uk'), member(3, 'Pat Later', 'pat@norfolk.gov.uk')]);
    clock.set('2026-03-03T07:00:00Z');
    const before = h.fake.sentActivities().length;
    await h.bot.services.scheduler.runNow();
    await h.settle();
    const told = h.fake.sentActivities().slice(before).filter((s) => s.conversationId === bu.conversationId && /Check the refresh from Entra/.test(JSON.stringify(s.activity)));
    assert.equal(told.length, 1);
    const text = JSON.stringify(told[0].activity);
    assert.match(text, /Pat Later/);
    assert.match(text, /Apply these changes/);
    assert.equal(h.bot.services.people.person('pat@norfolk.gov.uk'), undefined, 'nothing applied by itself');
  });

  it('a daily read that fails tells the business unit once, saying why, and is tried again that day', async () => {
    clock.set('2026-03-04T07:00:00Z');
    groups.granted = false;
    try {
      const before = h.fake.sentActivities().length;
      await h.bot.services.scheduler.runNow();
      await h.settle();
      // A few minutes past each hour: this clock keeps moving, so a try stamped some ms after 07:00
      // would not yet be an hour old at exactly 08:00 on a busy machine.
      clock.set('2026-03-04T08:05:00Z');
      await h.bot.services.scheduler.runNow();
      await h.settle();
      const told = h.fake.sentActivities().slice(before).filter((a) => a.conversationId === bu.conversationId);
      assert.equal(told.length, 1, 'told once, though tried twice');
      assert.match(JSON.stringify(told[0].activity), /grant the application permission GroupMember\.Read\.All/);
    } finally {
      groups.granted = true;
    }
    const before = h.fake.sentActivities().length;
    clock.set('2026-03-04T09:10:00Z');
    await h.bot.services.scheduler.runNow();
    await h.settle();
    const after = h.fake.sentActivities().slice(before).filter((a) => a.conversationId === bu.conversationId && /Check the refresh from Entra/.test(JSON.stringify(a.activity)));
    assert.equal(after.length, 1, 'the third try reads the group, and its changes are told');
  });

  it('Discard changes nothing', async () => {
    groups.groups.set(ENTRA_SOUTH, [member(1, 'Jo Bloggs', 'jo.bloggs@norfolk.gov.uk')]);
    const before = JSON.stringify(h.bot.services.people.all());
    const res = await refreshFromEntra();
    assert.match(cardText(res.card), /Leave the group: 1/);
    const discard = res.card.actions.find((a: Json) => a.title === 'Discard');
    const done = await h.press(bu, discard.verb, discard.data);
    assert.match(cardText(done.card), /Nothing on the list was changed/);
    assert.equal(JSON.stringify(h.bot.services.people.all()), before);
  });

  it('Discard on an older card leaves a newer read nobody has seen; the newer card discards it', async () => {
    groups.groups.set(ENTRA_SOUTH, [member(1, 'Jo Bloggs', 'jo.bloggs@norfolk.gov.uk'), member(7, 'Kit Newer', 'kit@norfolk.gov.uk')]);
    const older = await refreshFromEntra();
    clock.set('2026-03-03T09:00:00Z');
    const newer = await refreshFromEntra();
    const oldDiscard = older.card.actions.find((a: Json) => a.title === 'Discard');
    const refused = await h.press(bu, oldDiscard.verb, oldDiscard.data);
    assert.match(cardText(refused.card), /LSCG South was read from Entra again since this card\. Nothing was changed/);
    assert.ok(h.bot.services.entraGroups.pending('lscg-south'), 'the newer read still waits');
    const newDiscard = newer.card.actions.find((a: Json) => a.title === 'Discard');
    assert.match(cardText((await h.press(bu, newDiscard.verb, newDiscard.data)).card), /Nothing on the list was changed/);
    assert.equal(h.bot.services.entraGroups.pending('lscg-south'), undefined);
  });

  it('Refresh from Entra answers the press at once however slow Graph is, and the card arrives in the chat when the read ends', async () => {
    groups.groups.set(ENTRA_SOUTH, [member(1, 'Jo Bloggs', 'jo.bloggs@norfolk.gov.uk'), member(5, 'Max Slow', 'max@norfolk.gov.uk'), member(6, 'Lee Slow', 'lee@norfolk.gov.uk')]);
    graph.faults.latencyMs = 1500;
    try {
      const before = h.fake.sentActivities().length;
      const started = Date.now();
      const pressed = await within(h.press(bu, VERBS.entraRefresh), 1000, 'the press waited for the read');
      assert.match(cardText(pressed.card), /Reading 1 group from Entra/);
      const again = await within(h.press(bu, VERBS.entraRefresh), 1000, 'the second press waited for the read');
      assert.match(cardText(again.card), /A read of 1 group from Entra is already under way/);
      await h.settle(20_000);
      assert.ok(Date.now() - started >= 4000, 'three pages, each 1.5 s late');
      const told = h.fake.sentActivities().slice(before).filter((a) => a.conversationId === bu.conversationId);
      assert.equal(told.length, 1, 'one read, one card for the presser');
      assert.match(JSON.stringify(told[0].activity), /Max Slow/);
      assert.match(JSON.stringify(told[0].activity), /Apply these changes/);
    } finally {
      graph.faults.latencyMs = 0;
    }
  });

  it('Apply (from Entra, and of pasted rows) answers at once, while the scheduler run it starts is still reading Graph', async () => {
    // A job as slow as a Graph read waiting out its timeout: each run's tick waits until the test opens the gate.
    let open = () => {};
    let gate = Promise.resolve();
    let ticks = 0;
    const closeGate = (): void => {
      gate = new Promise<void>((r) => (open = r));
    };
    h.bot.services.scheduler.add({ name: 'test.slow-graph-read', tick: () => (ticks++, gate.then(() => 0)) });
    const reached = async (n: number) => {
      for (let i = 0; i < 300 && ticks < n; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(ticks, n, 'the press started a run');
    };
    try {
      groups.groups.set(ENTRA_SOUTH, [member(1, 'Jo Bloggs', 'jo.bloggs@norfolk.gov.uk'), member(4, 'Ali Quick', 'ali@norfolk.gov.uk')]);
      const refresh = await refreshFromEntra();
      const apply = refresh.card.actions.find((a: Json) => a.title === 'Apply these changes');
      closeGate();
      const applied = await within(h.press(bu, apply.verb, apply.data), 3000, 'the Entra Apply press waited for the scheduler run');
      assert.match(cardText(applied.card), /Changes from Entra applied/);
      await reached(1);
      open();
      await h.settle();
      const preview = await h.press(bu, VERBS.rosterPreview, { rows: 'quick@norfolk.gov.uk\tQuick Person\tNorfolk County Council\tLSCG West' });
      const importId = preview.card.actions.find((a: Json) => a.verb === VERBS.rosterApply).data.importId;
      closeGate();
      const imported = await within(h.press(bu, VERBS.rosterApply, { importId }), 3000, 'the roster Apply press waited for the scheduler run');
      assert.ok(h.bot.services.people.person('quick@norfolk.gov.uk'), 'the rows were applied');
      assert.ok(imported.card, 'the press answered with a card');
      await reached(2);
    } finally {
      open();
      await h.settle();
    }
  });
});

describe('the app installed for people who never opened it, before a meeting reminder', function () {
  this.timeout(60000);
  let graph: FakeGraph;
  let apps: AppsState;
  let h: Harness;
  const clock = new ShiftedClock('2026-03-02T10:00:00Z');
  const helen = makeUser('B', 2, 'helen@norfolk.gov.uk', 'Helen Bradley');
  const omar = makeUser('C', 3, 'omar@norfolk.gov.uk', 'Omar Khan');
  const head = makeUser('D', 4, 'head@school.org', 'Head Teacher');
  const kim = makeUser('E', 5, 'kim@norfolk.gov.uk', 'Kim Grant');

  before(async () => {
    graph = await startFakeGraph({ app: { tenantId: TENANT } });
    apps = newAppsState([CATALOG], [helen, omar, kim].map((u) => ({ id: u.aadObjectId, userPrincipalName: u.email })));
    // Kim has the app already (installed some other way), but the bot never heard of it.
    apps.installed.set(kim.aadObjectId, new Map([[CATALOG, `inst-${kim.aadObjectId}`]]));
    addAppsRoutes(graph, apps);
    h = await startHarness({
      clock,
      env: { BUSINESS_UNIT_IDS: bu.aadObjectId, ...fakeGraphEnv(graph, FAKE_SITE_ID), GRAPH_INSTALL_APP: 'on', TEAMS_APP_CATALOG_ID: CATALOG, GRAPH_INSTALLS_PER_SECOND: '5' },
    });
    // Teams tells the bot about an installation made through Graph, as it does for a real one.
    const byUpn = new Map([helen, omar].map((u) => [u.email, u]));
    apps.onInstall = (user) => void h.install(byUpn.get(user.userPrincipalName)!);
    await h.install(bu);
    const rows = [helen, omar, head, kim].map((u) => `${u.email}\t${u.name}\tOrg\tLSCG South`).join('\n');
    const preview = await h.press(bu, VERBS.rosterPreview, { rows });
    await h.press(bu, VERBS.rosterApply, { importId: preview.card.actions.find((a: Json) => a.verb === VERBS.rosterApply).data.importId });
  });
  after(async () => {
    await h?.close();
    await graph?.close();
  });

  it('installs it for the two in the partnership\'s tenant, who then get the reminder; one had it already and is reached in the chat Graph names; one is in another organisation and the card says what their admin must do', async () => {
    const res = await h.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-south', date: '2026-03-06', time: '10:30', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting', agenda: 'Welcome' });
    assert.match(cardText(res.card), /Scheduled/);
    await h.settle(20_000);
    const posts = graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/teamwork/installedApps'));
    assert.deepEqual(posts.map((r) => r.path).sort(), ['/users/head@school.org/teamwork/installedApps', '/users/helen@norfolk.gov.uk/teamwork/installedApps', '/users/kim@norfolk.gov.uk/teamwork/installedApps', '/users/omar@norfolk.gov.uk/teamwork/installedApps']);
    const reminded = h.fake.sentActivities().filter((s) => /Will you be there/.test(JSON.stringify(s.activity))).map((s) => s.conversationId);
    assert.deepEqual(reminded.sort(), [helen.conversationId, omar.conversationId, `19:${kim.aadObjectId}_bot@unq.gbl.spaces`].sort());

    const card = await h.press(bu, VERBS.installs);
    const text = cardText(card.card);
    assert.match(text, /Meeting reminder: LSCG South, Friday 6 March 2026, 10:30\W*, sent \w+day \d+ \w+ 2026, \d\d:\d\d/, 'the send is named by what was sent');
    assert.match(text, /Installed now: 2/);
    assert.match(text, /Already had it: 1/);
    assert.match(text, /Cannot be installed: 1/);
    assert.match(text, /Head Teacher: Not found in the partnership's tenant \(another organisation, or the account was removed\).*Teams admin must allow the app and install it for them/);
  });

  it('a second send finds everyone reachable and installs nothing more', async () => {
    const before = graph.requests.length;
    const res = await h.press(bu, VERBS.meetingSchedule, { groupId: 'lscg-south', date: '2026-03-07', time: '10:30', mode: 'online', joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting2', agenda: 'Welcome' });
    assert.match(cardText(res.card), /Scheduled/);
    await h.settle(20_000);
    assert.equal(graph.requests.slice(before).filter((r) => r.method === 'POST').length, 0, 'Head Teacher\'s "cannot" is remembered; the others have the app');
  });
});
