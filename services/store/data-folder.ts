import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.js';

/**
 * What a data folder holds, in one place, so the backup takes exactly the store and the restore
 * can tell a data folder from a folder it must not empty (DATA_DIR pointed at a home directory).
 */

/** Collection files: "<collection>.json" at the top or "<prefix>/<partition>.json" one level down. */
const TOP_FILE = /^[a-z][a-z0-9-]{0,40}\.json$/;
const PREFIX_DIR = /^[a-z][a-z0-9-]{0,40}$/;
const PARTITION_FILE = /^[a-z0-9][a-z0-9._:-]{0,120}\.json$/;
const JOURNAL_FILE = /^journal-\d+\.log$/;
/** Left by a write or a probe that a crash interrupted: the store's, but never worth keeping. */
const LEFTOVER = /^(.+\.json\.\d+\.tmp|\.healthz)$/;
/** The lock, its takeover marker and the restore's own working names (see restore.ts). */
const HOUSEKEEPING = /^(\.lock|\.lock\.takeover|\.restore-incomplete|\.restore-[0-9a-f-]+)$/;

export const JOURNAL_DIR = 'journal';
/** Left by a restore that stopped half way (see restore.ts): the folder is neither old nor new. */
export const RESTORE_INCOMPLETE = '.restore-incomplete';

/** True for a path (relative, "/"-separated) that a backup may carry and a restore may write. */
export function isStoreFile(rel: string): boolean {
  const parts = rel.split('/');
  if (parts.length === 1) return TOP_FILE.test(parts[0]);
  if (parts.length !== 2) return false;
  if (parts[0] === JOURNAL_DIR) return JOURNAL_FILE.test(parts[1]);
  return PREFIX_DIR.test(parts[0]) && PARTITION_FILE.test(parts[1]);
}

export interface FolderContents {
  /** Collection and journal files, relative, "/"-separated. */
  storeFiles: string[];
  /** Top-level names the store could have left (temporary files, the lock, a restore's staging). */
  housekeeping: string[];
  /** Anything else: not the store's, so not to be backed up or deleted. */
  foreign: string[];
}

/** Lists a data folder; a missing folder is an empty one. */
export async function readFolder(dir: string): Promise<FolderContents> {
  const out: FolderContents = { storeFiles: [], housekeeping: [], foreign: [] };
  for (const top of await entries(dir)) {
    if (HOUSEKEEPING.test(top.name) || (top.isFile() && LEFTOVER.test(top.name))) out.housekeeping.push(top.name);
    else if (top.isFile() && isStoreFile(top.name)) out.storeFiles.push(top.name);
    else if (top.isDirectory() && (top.name === JOURNAL_DIR || PREFIX_DIR.test(top.name))) {
      for (const sub of await entries(path.join(dir, top.name))) {
        const rel = `${top.name}/${sub.name}`;
        if (sub.isFile() && isStoreFile(rel)) out.storeFiles.push(rel);
        else if (sub.isFile() && LEFTOVER.test(sub.name)) out.housekeeping.push(rel);
        else out.foreign.push(rel);
      }
    } else out.foreign.push(top.name);
  }
  out.storeFiles.sort();
  return out;
}

async function entries(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ENOTDIR') throw new Error(`${dir} is a file, not a folder: set DATA_DIR to the bot's data folder.`, { cause: e });
    throw e;
  }
}

/** Folders holding safeguarding data are the bot user's alone. */
export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: FOLDER_MODE });
}

/**
 * Earlier versions created the folder and its subfolders 0755: close them on start. A folder the
 * bot does not own (a mount point) cannot be changed; that is said, not fatal.
 */
export async function tightenFolder(dir: string, log: Logger): Promise<void> {
  const dirs = [dir, ...(await entries(dir)).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name))];
  for (const d of dirs) {
    const mode = (await stat(d)).mode & 0o777;
    if (!(mode & 0o077)) continue;
    try {
      await chmod(d, FOLDER_MODE);
      log.warn('store.folder_mode_tightened', { folder: d, was: mode.toString(8), now: FOLDER_MODE.toString(8) });
    } catch (e) {
      log.warn('store.folder_mode_open', { folder: d, mode: mode.toString(8), error: e as Error, fix: 'chmod 700 the folder, or run the bot as its owner' });
    }
  }
}
