import { randomUUID } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { FILE_MODE } from './data-folder.js';

/** Who holds a data folder, as written in its lock file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** When the holder took the lock (ISO, UTC). */
  startedAt: string;
  /** The holder process's own start (performance.timeOrigin): tells a recycled pid from the holder. */
  processStart: number;
  /** This acquisition, so a store releases only a lock it still holds. */
  token: string;
}

/** Thrown when another live process holds the folder: the message says who and what to do. */
export class DataFolderLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
    message: string,
  ) {
    super(message);
    this.name = 'DataFolderLockedError';
  }
}

/** This process, as a lock sees it; tests stand in for other processes by passing their own. */
export interface LockIdentity {
  pid: number;
  hostname: string;
  processStart: number;
}

export interface LockOptions {
  clock?: Clock;
  log: Logger;
  self?: LockIdentity;
  /** Whether a pid on this host is running; tests fake dead and live processes. */
  isAlive?: (pid: number) => boolean;
}

export const LOCK_FILE = '.lock';
export const TAKEOVER_FILE = '.lock.takeover';
const ATTEMPTS = 20;

export function lockPath(dir: string): string {
  return path.join(dir, LOCK_FILE);
}

function thisProcess(): LockIdentity {
  return { pid: process.pid, hostname: hostname(), processStart: performance.timeOrigin };
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user. Only ESRCH proves it gone.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One writer per data folder: an O_EXCL lock file naming the holder. A lock whose holder is
 * provably gone (same host, pid not running, or the pid now belongs to a later process) is taken
 * over, and the takeover is logged; any other holder makes the caller refuse to start.
 */
export class DataFolderLock {
  private constructor(
    readonly dir: string,
    readonly holder: LockHolder,
    private readonly log: Logger,
  ) {}

  static async acquire(dir: string, opts: LockOptions): Promise<DataFolderLock> {
    const self = opts.self ?? thisProcess();
    const isAlive = opts.isAlive ?? pidIsAlive;
    const clock = opts.clock ?? systemClock;
    const me: LockHolder = { ...self, startedAt: clock.now().toISOString(), token: randomUUID() };
    const file = lockPath(dir);
    let unreadable = 0;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (await createExclusive(file, JSON.stringify(me))) return new DataFolderLock(dir, me, opts.log);
      const raw = await readOrNull(file);
      if (raw === null) continue; // released between our two looks
      const holder = parseHolder(raw);
      if (!holder) {
        // Possibly a holder between creating the file and writing it: give it a moment.
        if (++unreadable < 5) await pause(20);
        else throw new DataFolderLockedError(dir, null, `Data folder ${dir} has a lock file (${file}) that this bot cannot read. If no NSCP Engage process uses this folder, delete that file and start again.`);
        continue;
      }
      const sameProcess = holder.hostname === self.hostname && holder.pid === self.pid && holder.processStart === self.processStart;
      const gone = holder.hostname === self.hostname && !sameProcess && (!isAlive(holder.pid) || holder.pid === self.pid);
      if (!sameProcess && !gone) throw lockedBy(dir, holder, holder.hostname === self.hostname);
      if (sameProcess) {
        // Only tests open a folder twice in one process, to stand in for a crash and restart.
        opts.log.info('store.lock_reopened', { folder: dir });
      } else {
        opts.log.warn('store.lock_taken_over', { folder: dir, previousPid: holder.pid, previousStartedAt: holder.startedAt, note: 'the process that held this data folder is no longer running' });
      }
      await removeStale(dir, raw, self, isAlive, opts.log);
    }
    throw new DataFolderLockedError(dir, null, `Could not take the lock on data folder ${dir}: other processes kept taking it. Make sure only one NSCP Engage process is started on it.`);
  }

  /** Proves the lock file still names this holder (for /healthz): someone may have deleted or taken it. */
  async verify(): Promise<void> {
    const now = parseHolder((await readOrNull(lockPath(this.dir))) ?? '');
    if (now?.token !== this.holder.token) {
      throw new Error(`lost the lock on data folder ${this.dir}: ${now ? `pid ${now.pid} on ${now.hostname} holds it since ${now.startedAt}` : 'its lock file is gone'}`);
    }
  }

  /** Lets go of the folder, unless another process has since taken it (then says so). */
  async release(): Promise<void> {
    const file = lockPath(this.dir);
    const now = parseHolder((await readOrNull(file)) ?? '');
    if (now?.token === this.holder.token) await rm(file, { force: true });
    else this.log.warn('store.lock_lost', { folder: this.dir, heldBy: now ? now.pid : null });
  }
}

function lockedBy(dir: string, h: LockHolder, sameHost: boolean): DataFolderLockedError {
  const who = `pid ${h.pid} on ${h.hostname}, started ${h.startedAt}`;
  return new DataFolderLockedError(
    dir,
    h,
    sameHost
      ? `Data folder ${dir} is in use by another NSCP Engage process (${who}). Only one process may write a data folder: stop that one first, or set DATA_DIR to another folder.`
      : `Data folder ${dir} is locked by an NSCP Engage process on another host (${who}), which this machine cannot check. Stop it there; if that host or container no longer exists, delete ${lockPath(dir)} and start again.`,
  );
}

/**
 * Deletes the lock file only if it still holds the stale text that was judged. The takeover file
 * makes the check-and-delete one step among processes: without it, two starting together could
 * both judge the old lock, and the slower delete the lock the faster has just created.
 */
async function removeStale(dir: string, staleText: string, self: LockIdentity, isAlive: (pid: number) => boolean, log: Logger): Promise<void> {
  const marker = path.join(dir, TAKEOVER_FILE);
  if (!(await createExclusive(marker, JSON.stringify(self)))) {
    const other = parseIdentity((await readOrNull(marker)) ?? '');
    if (other && other.hostname === self.hostname && !isAlive(other.pid)) {
      // A process died inside the few microseconds below; without this the folder stays locked.
      log.warn('store.lock_takeover_abandoned', { folder: dir, previousPid: other.pid });
      await rm(marker, { force: true });
    } else await pause(10);
    return;
  }
  try {
    if ((await readOrNull(lockPath(dir))) === staleText) await rm(lockPath(dir), { force: true });
  } finally {
    await rm(marker, { force: true });
  }
}

async function createExclusive(file: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function parseIdentity(text: string): LockIdentity | null {
  try {
    const v = JSON.parse(text) as Partial<LockIdentity>;
    return typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.processStart === 'number' ? (v as LockIdentity) : null;
  } catch {
    return null;
  }
}

function parseHolder(text: string): LockHolder | null {
  const id = parseIdentity(text);
  if (!id) return null;
  const v = id as Partial<LockHolder>;
  return typeof v.startedAt === 'string' && typeof v.token === 'string' ? (v as LockHolder) : null;
}
