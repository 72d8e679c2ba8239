import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../services/logger.js';
import { FileStore } from '../../services/store/file-store.js';

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function run(command: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

/** The real `npm start` entry point, on a free loopback port. */
const startBot = (dataDir: string) => run(process.execPath, ['--import', 'tsx', 'bot/index.ts'], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });

async function listening(p: Proc): Promise<void> {
  const deadline = Date.now() + 60000;
  while (!/listening on http:\/\/localhost:\d+/.test(p.out())) {
    if (p.child.exitCode !== null) throw new Error(`the bot exited ${p.child.exitCode}: ${p.err()}`);
    if (Date.now() > deadline) throw new Error(`the bot did not start: ${p.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a person sees on stderr, without Node's deprecation notices about its dependencies. */
const said = (p: Proc) =>
  p
    .err()
    .split('\n')
    .filter((l) => l && !/DeprecationWarning|--trace-deprecation/.test(l));

const lockPid = (dir: string) => JSON.parse(readFileSync(path.join(dir, '.lock'), 'utf8')).pid as number;

describe('one bot per data folder, and backup and restore beside it (real processes)', function () {
  this.timeout(180000);
  let tmp: string;
  let dir: string;
  let backup: string;
  let first: Proc;
  let third: Proc | undefined;
  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'nscp-lock-'));
    dir = path.join(tmp, 'data');
    backup = path.join(tmp, 'data.backup');
    const seed = new FileStore(dir, { log: silentLogger });
    await (await seed.collection<{ id: string; v: string }>('lock-test')).put({ id: 'x', v: 'before the backup' });
    await seed.close();
  });
  after(() => {
    first?.child.kill('SIGKILL');
    third?.child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a second bot on the same data folder exits 1 with one line naming the folder and the process holding it', async () => {
    first = startBot(dir);
    await listening(first);
    const second = startBot(dir);
    assert.equal(await second.exited, 1);
    const lines = said(second);
    assert.equal(lines.length, 1, `one line, no stack trace: ${lines.join('\n')}`);
    assert.ok(lines[0].startsWith(`NSCP Engage could not start: Data folder ${dir} is in use by another NSCP Engage process (pid ${first.child.pid} on `), lines[0]);
    assert.match(lines[0], /started \d{4}-\d\d-\d\dT[\d:.]+Z\)\. Only one process may write a data folder: stop that one first, or set DATA_DIR to another folder\.$/);
    assert.equal(first.child.exitCode, null, 'the first bot runs on');
    assert.equal(lockPid(dir), first.child.pid);
  });

  it('npm run backup copies the folder while the bot runs; npm run restore refuses until it stops', async () => {
    const b = run('npm', ['run', '-s', 'backup', '--', backup], { DATA_DIR: dir });
    assert.equal(await b.exited, 0, b.err());
    assert.match(b.out(), new RegExp(`^Backed up ${dir} \\(\\d+ collection files, \\d+ journal files\\) to ${backup}`));
    assert.equal((statSync(backup).mode & 0o777).toString(8), '600');

    const lockBefore = readFileSync(path.join(dir, '.lock'), 'utf8');
    const r = run('npm', ['run', '-s', 'restore', '--', backup], { DATA_DIR: dir });
    assert.equal(await r.exited, 1);
    const lines = said(r);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.ok(lines[0].startsWith(`Not restored: Data folder ${dir} is in use by another NSCP Engage process (pid ${first.child.pid} on `), lines[0]);
    assert.equal(readFileSync(path.join(dir, '.lock'), 'utf8'), lockBefore, 'the bot keeps its lock');
  });

  it('after the holder is killed (-9), the next bot takes the folder over and logs it; a clean stop releases it', async () => {
    const killedPid = first.child.pid;
    first.child.kill('SIGKILL');
    await first.exited;
    assert.equal(lockPid(dir), killedPid, 'a killed bot leaves its lock behind');

    third = startBot(dir);
    await listening(third);
    const events = third
      .out()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const takeover = events.find((e) => e.event === 'store.lock_taken_over');
    assert.ok(takeover, 'the takeover is logged');
    assert.equal(takeover.level, 'warn');
    assert.equal(takeover.previousPid, killedPid);
    assert.equal(takeover.folder, dir);
    assert.equal(lockPid(dir), third.child.pid);

    third.child.kill('SIGTERM');
    assert.equal(await third.exited, 0);
    assert.ok(!existsSync(path.join(dir, '.lock')), 'released at a clean stop');
  });

  it('npm run restore puts the backup back once no bot holds the folder, and says what it restored', async () => {
    const later = new FileStore(dir, { log: silentLogger });
    await (await later.collection<{ id: string; v: string }>('lock-test')).put({ id: 'x', v: 'after the backup' });
    await later.close();
    const r = run('npm', ['run', '-s', 'restore', '--', backup], { DATA_DIR: dir });
    assert.equal(await r.exited, 0, r.err());
    assert.match(r.out(), new RegExp(`^Restored ${dir} from ${backup} \\(taken [\\d-]+T[\\d:.]+Z from ${dir}\\): \\d+ collection files and \\d+ journal files, replacing the \\d+ store files that were there\\.`));
    const store = new FileStore(dir, { log: silentLogger });
    assert.equal((await store.collection<{ id: string; v: string }>('lock-test')).get('x')?.v, 'before the backup');
    await store.close();
  });
});
