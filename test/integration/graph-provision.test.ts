import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { graphProvision } from '../../bot/graph-provision.js';
import { openGraph } from '../../services/graph/open-graph.js';
import type { ReplicaList } from '../../services/replica/replica-spec.js';
import { addListsRoutes, FAKE_SITE_ID, listNamed, newListsState, type ListsState } from '../support/fake-graph/lists.js';
import { fakeGraphConfig, fakeGraphEnv, startFakeGraph, TEST_CA, type FakeGraph } from '../support/fake-graph/server.js';
import { REPO_ROOT } from '../support/start-command.js';
import { startUntrustedHttps } from '../support/untrusted-https.js';

/** Shaped like a feature's list: a column of every type the replica uses, and one per form question. */
function feedbackList(extraQuestion = false): ReplicaList {
  return {
    list: 'nscpJagsFeedback',
    displayName: 'NSCP JAGS feedback',
    description: 'Anonymous JAGS feedback (kept in step by the bot).',
    columns: [
      { name: 'Session', type: 'text' },
      { name: 'HeldOn', displayName: 'Held on', type: 'dateTime' },
      { name: 'Q_listened', displayName: 'I felt listened to', type: 'number' },
      { name: 'Q_useful', displayName: 'Was it useful?', type: 'boolean' },
      { name: 'Q_format', displayName: 'Format', type: 'choice', choices: ['In person', 'Online'] },
      { name: 'Q_what_differently', displayName: 'What will you do differently?', type: 'note' },
      ...(extraQuestion ? [{ name: 'Q_recommend', displayName: 'Would you recommend it?', type: 'boolean' as const }] : []),
    ],
  };
}
const RSVPS: ReplicaList = { list: 'nscpRsvps', displayName: 'NSCP RSVPs', columns: [{ name: 'Answer', type: 'choice', choices: ['Yes', 'No', 'Maybe'] }, { name: 'AnsweredAt', type: 'dateTime' }] };

describe('npm run graph:provision against the fake Graph over https', function () {
  this.timeout(30_000);
  let fake: FakeGraph;
  let state: ListsState;
  let lines: string[];
  const waits: number[] = [];

  async function provision(lists: ReplicaList[], env: Record<string, string> = {}): Promise<number> {
    lines = [];
    return graphProvision({ env: { ...fakeGraphEnv(fake, FAKE_SITE_ID), ...env }, out: (l) => lines.push(l), lists: async () => lists, sleep: async (ms) => void waits.push(ms) });
  }
  const writes = () => fake.requests.filter((r) => !r.signIn && r.method !== 'GET');

  beforeEach(async () => {
    fake = await startFakeGraph();
    state = newListsState();
    addListsRoutes(fake, state);
    waits.length = 0;
  });
  afterEach(async () => {
    await fake?.close();
  });

  it('creates one list per kind of record with typed columns and an indexed, unique BotId; run again, changes nothing', async () => {
    assert.equal(await provision([feedbackList(), RSVPS]), 0);
    assert.match(lines.join('\n'), /Created the list "NSCP JAGS feedback" with 7 columns\.\nCreated the list "NSCP RSVPs" with 3 columns\.\nDone/);

    const list = listNamed(state, 'nscpJagsFeedback')!;
    assert.equal(list.displayName, 'NSCP JAGS feedback');
    const col = (name: string) => list.columns.find((c) => c.name === name)!;
    assert.deepEqual(col('BotId').facet, { text: { allowMultipleLines: false, maxLength: 255 } });
    assert.equal(col('BotId').indexed, true);
    assert.equal(col('BotId').enforceUniqueValues, true);
    assert.deepEqual(Object.keys(col('HeldOn').facet), ['dateTime']);
    assert.equal(col('HeldOn').displayName, 'Held on');
    assert.deepEqual(Object.keys(col('Q_listened').facet), ['number']);
    assert.deepEqual(Object.keys(col('Q_useful').facet), ['boolean']);
    assert.deepEqual((col('Q_format').facet.choice as { choices: string[] }).choices, ['In person', 'Online']);
    assert.equal((col('Q_what_differently').facet.text as { allowMultipleLines: boolean }).allowMultipleLines, true);
    assert.equal(listNamed(state, 'nscpRsvps')!.displayName, 'NSCP RSVPs');

    const before = writes().length;
    assert.equal(await provision([feedbackList(), RSVPS]), 0);
    assert.deepEqual(lines.slice(1), ['Nothing to change: every list and column is already there.']);
    assert.equal(writes().length, before, 'the second run sends no POST, PATCH or DELETE');
  });

  it('gives a new form question its column, and a choice its new option, and nothing else', async () => {
    await provision([feedbackList()]);
    const before = writes().length;
    const withMore = feedbackList(true);
    withMore.columns.find((c) => c.name === 'Q_format')!.choices!.push('Hybrid');
    assert.equal(await provision([withMore]), 0);
    assert.deepEqual(lines.slice(1, -1), ['"NSCP JAGS feedback": column "Format": added the choices "Hybrid".', '"NSCP JAGS feedback": added the column "Would you recommend it?" (boolean).']);
    const site = `/sites/${FAKE_SITE_ID}`;
    assert.deepEqual(writes().slice(before).map((r) => `${r.method} ${r.path.slice(site.length).replace(/[0-9a-f-]{36}/g, '{id}')}`), ['PATCH /lists/{id}/columns/{id}', 'POST /lists/{id}/columns']);
    assert.deepEqual(Object.keys(listNamed(state, 'nscpJagsFeedback')!.columns.find((c) => c.name === 'Q_recommend')!.facet), ['boolean']);
  });

  it('makes again a list deleted by hand, and keeps a list or column renamed by hand, filled by its internal name', async () => {
    await provision([feedbackList(), RSVPS]);
    const site = state.sites.get(FAKE_SITE_ID)!;
    site.lists.delete(listNamed(state, 'nscpRsvps')!.id);
    const feedback = listNamed(state, 'nscpJagsFeedback')!;
    feedback.displayName = 'JAGS evaluations';
    feedback.columns.find((c) => c.name === 'HeldOn')!.displayName = 'Session date';

    assert.equal(await provision([feedbackList(), RSVPS]), 0);
    const out = lines.join('\n');
    assert.match(out, /The list "NSCP JAGS feedback" is called "JAGS evaluations" in SharePoint \(renamed there\): kept, the bot still fills it\./);
    assert.match(out, /the column "Held on" is called "Session date" in SharePoint \(renamed there\): kept, the bot fills it by its internal name HeldOn\./);
    assert.match(out, /Created the list "NSCP RSVPs" with 3 columns\. It was not on the site: new, or deleted by hand\./);
    assert.equal(feedback.displayName, 'JAGS evaluations');
    assert.ok(listNamed(state, 'nscpRsvps'));
  });

  it('warns, changes nothing and exits 1 when a column has the wrong type in SharePoint', async () => {
    await provision([feedbackList()]);
    const col = listNamed(state, 'nscpJagsFeedback')!.columns.find((c) => c.name === 'Q_listened')!;
    col.facet = { text: { allowMultipleLines: false } };
    const before = writes().length;
    assert.equal(await provision([feedbackList()]), 1);
    assert.match(lines.join('\n'), /Warning: "NSCP JAGS feedback": the column "I felt listened to" \(Q_listened\) is text in SharePoint but the bot writes number\. Left as it is/);
    assert.equal(writes().length, before);
  });

  it('waits out a 429 with its Retry-After and carries on', async () => {
    let throttled = 0;
    fake.faults.throttle = (req) => (req.method === 'POST' && throttled++ === 0 ? 9 : undefined);
    assert.equal(await provision([RSVPS]), 0);
    assert.deepEqual(waits, [9000]);
    assert.ok(listNamed(state, 'nscpRsvps'));
  });

  describe('names the fix when it cannot go on', () => {
    it('a site id that does not exist', async () => {
      assert.equal(await provision([RSVPS], { SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,00000000-0000-4000-8000-000000000000,00000000-0000-4000-8000-000000000000' }), 1);
      assert.match(lines.at(-1)!, /^Stopped: Reading the site: SHAREPOINT_SITE_ID ".*" is not a site Microsoft Graph knows\. Find the site's id with GET \/sites\/\{host name\}:\/sites\/\{site path\}/);
    });

    it('no access to the site at all (Sites.Selected without a grant)', async () => {
      fake.faults.forbidden = () => true;
      assert.equal(await provision([RSVPS]), 1);
      assert.match(lines.at(-1)!, /^Stopped: Reading the site: The app has no access to the site: grant it the Microsoft Graph application permission Sites\.Selected with admin consent, then give it write access to this one site/);
    });

    it('access to read but not to create lists', async () => {
      fake.faults.forbidden = (req) => req.method !== 'GET';
      assert.equal(await provision([RSVPS]), 1);
      assert.match(lines.at(-1)!, /^Stopped: Creating the list "NSCP RSVPs": the app may read the site but not change its lists\. .*fullcontrol role on this site while you run npm run graph:provision/);
    });

    it('a wrong secret', async () => {
      assert.equal(await provision([RSVPS], { GRAPH_CLIENT_SECRET: 'not-it' }), 1);
      assert.match(lines.at(-1)!, /^Stopped: The bot cannot sign in to Microsoft 365\. The client secret is wrong\..*GRAPH_CLIENT_SECRET/);
    });

    for (const setting of ['GRAPH_AUTHORITY_HOST', 'GRAPH_ENDPOINT']) {
      it(`a ${setting} whose certificate Node does not trust (a stand-in without NODE_EXTRA_CA_CERTS)`, async () => {
        const untrusted = await startUntrustedHttps();
        try {
          assert.equal(await provision([RSVPS], { [setting]: untrusted.url }), 1);
          const last = lines.at(-1)!;
          assert.match(last, new RegExp(`The certificate of ${untrusted.host.replace(/\./g, '\\.')} is not trusted: for the stand-in, start with NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca\\.pem \\(Node reads it only at start\\)`));
          assert.doesNotMatch(last, /keeps trying|graph\.microsoft\.com|endpoints_resolution_error/);
        } finally {
          await untrusted.close();
        }
      });
    }

    it('Graph out of reach: the message does not promise a retry, the command exits', async () => {
      const { url } = fake;
      await fake.close();
      assert.equal(await provision([RSVPS], { GRAPH_ENDPOINT: url, GRAPH_AUTHORITY_HOST: url }), 1);
      assert.match(lines.at(-1)!, /cannot be reached/);
      assert.doesNotMatch(lines.at(-1)!, /keeps trying/);
    });

    it('no Graph settings at all', async () => {
      lines = [];
      assert.equal(await graphProvision({ env: {}, out: (l) => lines.push(l), lists: async () => [RSVPS] }), 1);
      assert.match(lines[0], /replica is off: set SHAREPOINT_SITE_ID, with GRAPH_TENANT_ID/);
    });

    it('the sign-in but no SHAREPOINT_SITE_ID', async () => {
      lines = [];
      const env = fakeGraphEnv(fake, FAKE_SITE_ID);
      delete env.SHAREPOINT_SITE_ID;
      assert.equal(await graphProvision({ env, out: (l) => lines.push(l), lists: async () => [RSVPS] }), 1);
      assert.deepEqual(lines, ['The SharePoint replica is off: SHAREPOINT_SITE_ID is not set, so there is no site to create the lists on. Set SHAREPOINT_SITE_ID to the site\'s id (README, "SharePoint replica") and run this again.']);
    });
  });
});

describe('the fake Graph\'s list items, as the replica uses them', function () {
  this.timeout(30_000);
  let fake: FakeGraph;
  let state: ListsState;
  beforeEach(async () => {
    fake = await startFakeGraph();
    state = newListsState();
    addListsRoutes(fake, state);
  });
  afterEach(async () => {
    await fake?.close();
  });

  it('refuses a second row with the same BotId (409), finds rows by $filter on BotId, refuses $filter on a column not indexed', async () => {
    await graphProvision({ env: fakeGraphEnv(fake, FAKE_SITE_ID), out: () => {}, lists: async () => [RSVPS] });
    const graph = openGraph(fakeGraphConfig(fake, FAKE_SITE_ID));
    const items = `/sites/${FAKE_SITE_ID}/lists/nscpRsvps/items`;
    const first = await graph.send<{ id: string }>({ method: 'POST', url: items, body: { fields: { Title: 'a', BotId: 'r-1', Answer: 'Yes', AnsweredAt: '2026-11-30T10:00:00Z' } } });
    assert.equal(first.status, 201);
    const again = await graph.send({ method: 'POST', url: items, body: { fields: { BotId: 'r-1', Answer: 'No' } } });
    assert.equal(again.status, 409);
    const found = await graph.send<{ value: { id: string; fields: { Answer: string } }[] }>({ method: 'GET', url: `${items}?$expand=fields&$filter=${encodeURIComponent("fields/BotId eq 'r-1'")}` });
    assert.deepEqual(found.body.value.map((i) => [i.id, i.fields.Answer]), [[first.body.id, 'Yes']]);
    const slow = await graph.send({ method: 'GET', url: `${items}?$filter=${encodeURIComponent("fields/Answer eq 'Yes'")}` });
    assert.equal(slow.status, 400);
    const wrongChoice = await graph.send({ method: 'PATCH', url: `${items}/${first.body.id}/fields`, body: { Answer: 'Perhaps' } });
    assert.equal(wrongChoice.status, 400);
    const unknown = await graph.send({ method: 'POST', url: items, body: { fields: { BotId: 'r-2', Colour: 'red' } } });
    assert.equal(unknown.status, 400);
    const missingList = await graph.send({ method: 'GET', url: `/sites/${FAKE_SITE_ID}/lists/nope/items` });
    assert.equal(missingList.status, 404);
  });
});

describe('npm run graph:provision, compiled', () => {
  it('runs the script package.json names from dist/, and says what to set when Graph settings are missing', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [node, ...args] = pkg.scripts['graph:provision'].trim().split(/\s+/);
    assert.equal(node, 'node');
    const entry = args.find((a) => !a.startsWith('-'))!;
    assert.ok(existsSync(path.join(REPO_ROOT, entry)), `${entry} is missing: npm run build`);
    const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: TEST_CA, ENV_FILE: path.join(REPO_ROOT, '.env.example') } });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^The SharePoint replica is off: set SHAREPOINT_SITE_ID, with GRAPH_TENANT_ID, GRAPH_CLIENT_ID/);
    assert.equal(run.stderr, '');
  });
});

describe('npm run graph:provision, compiled, against the fake Graph', function () {
  this.timeout(60_000);
  it('signs in and provisions from a process of its own, trusting the test certificate through NODE_EXTRA_CA_CERTS', async () => {
    const fake = await startFakeGraph();
    const state = newListsState();
    addListsRoutes(fake, state);
    try {
      const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      const args = pkg.scripts['graph:provision'].trim().split(/\s+/).slice(1);
      const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: TEST_CA, ENV_FILE: path.join(REPO_ROOT, '.env.example'), ...fakeGraphEnv(fake, FAKE_SITE_ID) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, stdout + stderr);
      assert.equal(stderr, '');
      assert.match(stdout, /Created the list "NSCP meeting replies"/);
      assert.equal(state.sites.get(FAKE_SITE_ID)!.lists.size, (stdout.match(/^Created the list/gm) ?? []).length);
      assert.ok(fake.requests.some((r) => r.signIn && r.method === 'POST' && r.status === 200), 'it signed in at the fake sign-in service');
    } finally {
      await fake.close();
    }
  });
});

describe('npm run graph:provision with the lists the features declare', function () {
  this.timeout(60_000);
  let fake: FakeGraph;
  let state: ListsState;
  let dir: string;
  beforeEach(async () => {
    fake = await startFakeGraph();
    state = newListsState();
    addListsRoutes(fake, state);
    dir = mkdtempSync(path.join(tmpdir(), 'provision-'));
  });
  afterEach(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(env: Record<string, string> = {}): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await graphProvision({ env: { ...fakeGraphEnv(fake, FAKE_SITE_ID), DATA_DIR: path.join(dir, 'never-used'), ...env }, out: (l) => lines.push(l) });
    return { code, lines };
  }

  it('creates every declared list, changes nothing the second time, and adds one column for a new Section 11 question', async () => {
    const first = await run();
    assert.equal(first.code, 0, first.lines.join('\n'));
    const created = first.lines.filter((l) => l.startsWith('Created the list'));
    const site = state.sites.get(FAKE_SITE_ID)!;
    assert.ok(created.length >= 4, first.lines.join('\n'));
    assert.equal(site.lists.size, created.length);
    for (const list of site.lists.values()) {
      const botId = list.columns.find((c) => c.name === 'BotId');
      assert.ok(botId?.indexed && botId.enforceUniqueValues, `${list.name}: BotId indexed and unique`);
    }
    assert.ok(!existsSync(path.join(dir, 'never-used')), 'the data folder is never opened');
    const returns = [...site.lists.values()].find((l) => l.columns.some((c) => c.name === 'Q_overview'))!;
    assert.ok(returns, 'a list has a column for the Section 11 question "overview"');
    assert.equal((returns.columns.find((c) => c.name === 'Q_overview')!.facet.text as { allowMultipleLines: boolean }).allowMultipleLines, true);

    const writesBefore = fake.requests.filter((r) => !r.signIn && r.method !== 'GET').length;
    const second = await run();
    assert.equal(second.code, 0);
    assert.equal(second.lines.at(-1), 'Nothing to change: every list and column is already there.');
    assert.equal(fake.requests.filter((r) => !r.signIn && r.method !== 'GET').length, writesBefore);

    const config = JSON.parse(readFileSync(path.join(REPO_ROOT, 'config/norfolk.json'), 'utf8'));
    config.forms['s11-partners'].sections[0].questions.push({ id: 'last-audit', kind: 'date', label: 'When was your last safeguarding audit?' });
    const file = path.join(dir, 'norfolk-plus.json');
    writeFileSync(file, JSON.stringify(config));
    const third = await run({ PARTNERSHIP_CONFIG: file });
    assert.equal(third.code, 0, third.lines.join('\n'));
    const changes = third.lines.slice(1, -1);
    assert.equal(changes.length, 1, third.lines.join('\n'));
    assert.match(changes[0], /: added the column "When was your last safeguarding audit\?" \(dateTime\)\.$/);
    assert.equal(fake.requests.filter((r) => !r.signIn && r.method !== 'GET').length, writesBefore + 1);
    assert.deepEqual(Object.keys(returns.columns.find((c) => c.name === 'Q_last_audit')!.facet), ['dateTime']);
  });
});
