import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../services/logger.js';
import { DataFolderLock, DataFolderLockedError, type LockIdentity } from '../../services/store/data-folder-lock.js';
import { FileStore } from '../../services/store/file-store.js';

const clock = { now: () => new Date('2025-05-23T09:30:00.000Z') };
/** Other processes on this host, as the lock sees them; pid 999 has died. */
const proc = (pid: number): LockIdentity => ({ pid, hostname: hostname(), processStart: 1_700_000_000_000 + pid });
const isAlive = (pid: number) => pid !== 999;

describe('Data folder lock (one writer per DATA_DIR)', () => {
  let dir: string;
  let logs: string[];
  const log = () => createLogger('debug', (l) => logs.push(l));
  const events = () => logs.map((l) => JSON.parse(l));
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    logs = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const lockText = () => readFileSync(path.join(dir, '.lock'), 'utf8');

  it('refuses a folder a live process holds, naming the folder, its pid and start, and leaves its lock alone', async () => {
    await DataFolderLock.acquire(dir, { log: log(), clock, self: proc(1001), isAlive });
    const held = lockText();
    await assert.rejects(DataFolderLock.acquire(dir, { log: log(), self: proc(1002), isAlive }), (e: unknown) => {
      assert.ok(e instanceof DataFolderLockedError);
      assert.equal(e.holder?.pid, 1001);
      assert.ok(e.message.includes(dir), e.message);
      assert.match(e.message, /pid 1001 on .*started 2025-05-23T09:30:00.000Z/);
      assert.match(e.message, /stop that one first, or set DATA_DIR to another folder/);
      return true;
    });
    assert.equal(lockText(), held);
  });

  it('takes over a lock whose process is no longer running, and logs the takeover with the old pid', async () => {
    await DataFolderLock.acquire(dir, { log: log(), clock, self: proc(999), isAlive });
    const lock = await DataFolderLock.acquire(dir, { log: log(), self: proc(1003), isAlive });
    assert.equal(JSON.parse(lockText()).pid, 1003);
    assert.equal(lock.holder.pid, 1003);
    const takeover = events().find((e) => e.event === 'store.lock_taken_over');
    assert.ok(takeover, 'the takeover is logged');
    assert.equal(takeover.level, 'warn');
    assert.equal(takeover.previousPid, 999);
    assert.equal(takeover.previousStartedAt, '2025-05-23T09:30:00.000Z');
    assert.ok(!existsSync(path.join(dir, '.lock.takeover')), 'no takeover marker is left behind');
  });

  it('takes over a lock left by an earlier process that had the same pid (a restarted container)', async () => {
    await DataFolderLock.acquire(dir, { log: log(), self: { ...proc(1), processStart: 1 }, isAlive: () => true });
    await DataFolderLock.acquire(dir, { log: log(), self: { ...proc(1), processStart: 2 }, isAlive: () => true });
    assert.equal(JSON.parse(lockText()).processStart, 2);
    assert.ok(events().some((e) => e.event === 'store.lock_taken_over' && e.previousPid === 1));
  });

  it('refuses a lock held on another host, saying how to clear it', async () => {
    await DataFolderLock.acquire(dir, { log: log(), self: { ...proc(999), hostname: 'other-host' }, isAlive });
    await assert.rejects(DataFolderLock.acquire(dir, { log: log(), self: proc(1004), isAlive }), (e: unknown) => {
      assert.ok(e instanceof DataFolderLockedError);
      assert.match(e.message, /another host \(pid 999 on other-host/);
      assert.ok(e.message.includes(`delete ${path.join(dir, '.lock')}`), e.message);
      return true;
    });
  });

  it('refuses a lock file it cannot read, and does not delete it', async () => {
    writeFileSync(path.join(dir, '.lock'), 'not a lock');
    await assert.rejects(DataFolderLock.acquire(dir, { log: log(), self: proc(1005), isAlive }), (e: unknown) => e instanceof DataFolderLockedError && e.message.includes(dir) && /cannot read/.test(e.message));
    assert.equal(lockText(), 'not a lock');
  });

  it("lets exactly one of several processes starting together take over a dead holder's lock", async () => {
    for (let round = 0; round < 20; round++) {
      rmSync(path.join(dir, '.lock'), { force: true });
      await DataFolderLock.acquire(dir, { log: log(), clock, self: proc(999), isAlive });
      const contenders = [2001, 2002, 2003, 2004, 2005];
      const results = await Promise.allSettled(contenders.map((pid) => DataFolderLock.acquire(dir, { log: log(), self: proc(pid), isAlive })));
      const won = results.filter((r): r is PromiseFulfilledResult<DataFolderLock> => r.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: ${won.length} processes think they hold the folder`);
      assert.equal(JSON.parse(lockText()).token, won[0].value.holder.token, 'the lock file names the winner');
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as DataFolderLockedError).holder?.pid, won[0].value.holder.pid);
    }
  });

  it('releases only a lock it still holds; verify fails once another process has the folder', async () => {
    const first = await DataFolderLock.acquire(dir, { log: log(), self: proc(999), isAlive });
    await first.verify();
    const second = await DataFolderLock.acquire(dir, { log: log(), self: proc(1006), isAlive });
    await assert.rejects(first.verify(), /lost the lock on data folder .*pid 1006/);
    await first.release();
    assert.equal(JSON.parse(lockText()).pid, 1006, "the old holder did not delete the new holder's lock");
    assert.ok(events().some((e) => e.event === 'store.lock_lost'));
    await second.release();
    assert.ok(!existsSync(path.join(dir, '.lock')));
  });
});

describe('FileStore and the data folder lock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'store-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the lock on first use, releases it on close, and refuses changes after close', async () => {
    const store = new FileStore(dir);
    const c = await store.collection<{ id: string }>('people');
    assert.equal(JSON.parse(readFileSync(path.join(dir, '.lock'), 'utf8')).pid, process.pid);
    await c.put({ id: 'a' });
    await store.close();
    assert.ok(!existsSync(path.join(dir, '.lock')), 'released');
    await assert.rejects(c.put({ id: 'b' }), /closed; the change to people was not saved/);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(path.join(dir, 'people.json'), 'utf8')).items), ['a']);
  });

  it('fails its health check once another process holds the folder', async () => {
    const logs: string[] = [];
    const store = new FileStore(dir, { log: createLogger('warn', (l) => logs.push(l)) });
    await store.check();
    writeFileSync(path.join(dir, '.lock'), JSON.stringify({ ...proc(1007), startedAt: '2025-05-23T10:00:00.000Z', token: 'someone-else' }));
    await assert.rejects(store.check(), /lost the lock on data folder .*pid 1007/);
    await store.close();
    assert.equal(JSON.parse(readFileSync(path.join(dir, '.lock'), 'utf8')).token, 'someone-else', "closing does not delete another process's lock");
    assert.equal(JSON.parse(logs[0]).event, 'store.lock_lost');
  });
});
