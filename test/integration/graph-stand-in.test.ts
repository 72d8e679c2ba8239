import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TEST_CA } from '../support/fake-graph/server.js';
import { REPO_ROOT } from '../support/start-command.js';

/** The environment a person's shell would have: no test CA, no Graph settings. */
function plainEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extra };
}

describe('npm run graph:stand-in, as a person runs it', function () {
  this.timeout(120_000);
  let child: ChildProcess | undefined;
  let out = '';
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'stand-in-'));
    out = '';
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the script as package.json names it, without NODE_EXTRA_CA_CERTS: it restarts itself with it. */
  async function startStandIn(): Promise<Record<string, string>> {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts['graph:stand-in'], /^NODE_EXTRA_CA_CERTS=test\/fixtures\/tls\/ca\.pem tsx scripts\/graph-stand-in\.ts$/);
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/graph-stand-in.ts', '--port', '0', '--out', dir], { cwd: REPO_ROOT, env: plainEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const deadline = Date.now() + 60_000;
    while (!out.includes('Requests as they arrive')) {
      if (child.exitCode !== null) assert.fail(`the stand-in stopped: ${out}`);
      if (Date.now() > deadline) assert.fail(`the stand-in printed no settings: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const env: Record<string, string> = {};
    for (const m of out.matchAll(/^ {2}([A-Z_]+)=(\S+)$/gm)) env[m[1]] = m[2];
    return env;
  }

  it('prints every setting the bot needs, the command with NODE_EXTRA_CA_CERTS, and writes them to a file; graph:provision (compiled) creates every list on it, logged one line each', async () => {
    const env = await startStandIn();
    assert.deepEqual(Object.keys(env).sort(), ['GRAPH_AUTHORITY_HOST', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'GRAPH_ENDPOINT', 'GRAPH_TENANT_ID', 'MEETINGS_MAILBOX', 'MEETINGS_ORGANISER_ID', 'PARTNERSHIP_CONFIG', 'SHAREPOINT_SITE_ID']);
    assert.match(env.GRAPH_ENDPOINT, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(out, /NODE_EXTRA_CA_CERTS=test\/fixtures\/tls\/ca\.pem cannot go in a settings file: Node reads it only when it starts/);
    const envFile = path.join(dir, 'stand-in.env');
    assert.match(out, new RegExp(`NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca\\.pem ENV_FILE=${envFile.replaceAll('.', '\\.')} npm run graph:provision`));
    assert.ok(existsSync(envFile));
    const partnership = JSON.parse(readFileSync(env.PARTNERSHIP_CONFIG, 'utf8')) as { groups: Array<{ id: string; entraGroupId?: string }> };
    assert.match(partnership.groups.find((g) => g.id === 'neglect-champions')!.entraGroupId!, /^[0-9a-f-]{36}$/);

    const entry = path.join(REPO_ROOT, 'dist/bot/graph-provision.js');
    assert.ok(existsSync(entry), 'dist/bot/graph-provision.js is missing: npm run build');
    const provision = () => spawnSync(process.execPath, [entry], { cwd: REPO_ROOT, encoding: 'utf8', env: plainEnv({ NODE_EXTRA_CA_CERTS: TEST_CA, ENV_FILE: envFile }) });
    const first = provision();
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const created = [...first.stdout.matchAll(/^Created the list "([^"]+)"/gm)].map((m) => m[1]);
    const declared = Number(/^Provisioning (\d+) SharePoint lists/m.exec(first.stdout)?.[1]);
    assert.ok(declared >= 10, first.stdout);
    assert.equal(created.length, declared);
    assert.ok(created.includes('NSCP meeting replies'), first.stdout);
    assert.match(first.stdout, /Done: the lists are as the bot declares them\./);
    // The stand-in logged the sign-in and each list it created, one line each.
    await new Promise((r) => setTimeout(r, 200));
    assert.match(out, /^\d\d:\d\d:\d\d POST \/[^ ]+\/oauth2\/v2\.0\/token 200 sign-in$/m);
    assert.equal([...out.matchAll(/^\d\d:\d\d:\d\d POST \/sites\/[^ ]+\/lists 201 Graph$/gm)].length, created.length);
    // The lists are kept in the stand-in: a second run finds them all.
    const second = provision();
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /Nothing to change: every list and column is already there\./);
  });

  it('refuses to run, naming the setting, when it cannot set NODE_EXTRA_CA_CERTS itself', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/graph-stand-in.ts', '--port', '0', '--out', dir], { cwd: REPO_ROOT, encoding: 'utf8', env: plainEnv({ GRAPH_STAND_IN_REEXEC: '1' }) });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'NODE_EXTRA_CA_CERTS must be test/fixtures/tls/ca.pem (it is not set). Start it as: NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem npm run graph:stand-in\n');
  });

  it('names its options on a wrong one', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/graph-stand-in.ts', '--prot', '4000'], { cwd: REPO_ROOT, encoding: 'utf8', env: plainEnv() });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^Unknown option "--prot"\. The options are --port <number> \(default 3979\) and --out <folder>/);
  });
});
