import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startArgs } from '../support/start-command.js';

/**
 * An address of this machine that is not 127.0.0.1: another machine's view of the bot. On Linux
 * the rest of 127.0.0.0/8 does too when there is no network card: a socket bound to 127.0.0.1
 * refuses 127.0.0.2, one bound to every interface accepts it.
 */
function otherAddress(): string | undefined {
  const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  return external?.address ?? (process.platform === 'linux' ? '127.0.0.2' : undefined);
}

function tryConnect(host: string, port: number): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = connect(port, host);
    const done = (result: string) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(3000, () => done('timeout'));
    socket.once('connect', () => done('connected'));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

interface Started {
  child: ChildProcess;
  port: number;
  /** The JSON log lines printed so far. */
  logs(): Array<Record<string, unknown>>;
}

/** Spawns what `npm start` runs, with none of the caller's bot settings leaking in. */
async function start(env: Record<string, string>): Promise<Started> {
  const inherited = { ...process.env };
  for (const key of ['HOST', 'PORT', 'DATA_DIR', 'ENV_FILE', 'MicrosoftAppId', 'BUSINESS_UNIT_IDS', 'LOCAL_MODE_LISTEN_ON_ALL_INTERFACES', 'LOG_LEVEL']) delete inherited[key];
  const child = spawn(process.execPath, startArgs(), { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`bot did not start:\n${out}\n${err}`)), 30000);
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}:\n${out}\n${err}`)));
    child.stdout.on('data', () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
  });
  const logs = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, port, logs };
}

describe('npm start: .env, and where local mode listens', function () {
  this.timeout(60000);
  let dir: string;
  let running: Started | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nscp-start-'));
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      const exited = new Promise((r) => running!.child.once('exit', r));
      running.child.kill('SIGTERM');
      await exited;
    }
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes from the env file what the environment leaves unset, says which file it read without values, and listens on loopback only', async function () {
    const other = otherAddress();
    if (!other) this.skip();
    const envFile = path.join(dir, 'bot.env');
    const dataDir = path.join(dir, 'data-from-env-file');
    // PORT in the file is not a port: the bot starts only because the environment's PORT wins.
    writeFileSync(envFile, `PORT=not-a-port\nDATA_DIR=${dataDir}\n`);
    running = await start({ ENV_FILE: envFile, PORT: '0', LOG_LEVEL: 'info' });

    assert.equal((await fetch(`http://127.0.0.1:${running.port}/healthz`)).status, 200);
    assert.ok(existsSync(dataDir), 'DATA_DIR came from the env file');
    const logs = running.logs();
    const envLine = logs.filter((l) => l.event === 'bot.env_file');
    assert.equal(envLine.length, 1, 'one line says which file was read');
    const { time, ...said } = envLine[0];
    assert.ok(time);
    assert.deepEqual(said, { level: 'info', event: 'bot.env_file', file: envFile, read: true, fromFile: ['DATA_DIR'], alreadySet: ['PORT'] });
    assert.ok(!JSON.stringify(said).includes('not-a-port') && !JSON.stringify(said).includes('data-from-env-file'), 'no value is logged');

    const local = logs.find((l) => l.event === 'bot.local_mode')!;
    assert.equal(local.host, '127.0.0.1');
    assert.match(String(local.note), /not checked for a Bot Framework token/);
    assert.match(String(local.note), /every user is business unit staff/);
    assert.match(String(local.note), /only this machine can reach it/);
    assert.equal(await tryConnect(other, running.port), 'ECONNREFUSED', `reachable at ${other}`);
  });

  it('listens where other machines can reach it only with LOCAL_MODE_LISTEN_ON_ALL_INTERFACES=true, and says so', async function () {
    const other = otherAddress();
    if (!other) this.skip();
    const envFile = path.join(dir, 'empty.env');
    writeFileSync(envFile, '');
    running = await start({ ENV_FILE: envFile, PORT: '0', DATA_DIR: path.join(dir, 'data'), LOCAL_MODE_LISTEN_ON_ALL_INTERFACES: 'true' });

    assert.equal((await fetch(`http://${other}:${running.port}/healthz`)).status, 200);
    const local = running.logs().find((l) => l.event === 'bot.local_mode')!;
    assert.equal(local.host, '0.0.0.0');
    assert.match(String(local.note), /LOCAL_MODE_LISTEN_ON_ALL_INTERFACES=true, so other machines can reach it/);
  });
});
