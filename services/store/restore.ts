import { randomUUID } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { BackupError, isJournalFile, readBackupFile, type BackupHeader } from './backup-file.js';
import { DataFolderLock, LOCK_FILE, TAKEOVER_FILE } from './data-folder-lock.js';
import { FILE_MODE, makePrivateDir, readFolder, RESTORE_INCOMPLETE, type FolderContents } from './data-folder.js';

export interface RestoreReport {
  header: BackupHeader;
  collections: number;
  journals: number;
  /** Store files that were in the folder before and are now gone. */
  replaced: number;
}

/**
 * Replaces a data folder's store with a backup's. Nothing is touched until the whole backup has
 * been read and checked and the folder's lock is held (so no bot runs on it). The new files are
 * written beside the old ones first; a marker file makes a bot refuse the folder while old files
 * are swapped for new, so a restore cut short is run again rather than started on.
 */
export async function restoreBackup(file: string, dir: string, opts: { log: Logger; clock?: Clock }): Promise<RestoreReport> {
  const backup = await readBackupFile(file);
  refuseForeign(dir, await readFolder(dir));
  await makePrivateDir(dir);
  const lock = await DataFolderLock.acquire(dir, opts);
  try {
    const before = await readFolder(dir);
    refuseForeign(dir, before);
    const staging = path.join(dir, `.restore-${randomUUID()}`);
    for (const [rel, data] of backup.files) await writeDurably(path.join(staging, rel), 'wx', data);
    // 'w': an earlier restore cut short left one; this restore takes over its job.
    await writeDurably(path.join(dir, RESTORE_INCOMPLETE), 'w', Buffer.from(JSON.stringify({ backup: file, startedAt: (opts.clock ?? systemClock).now().toISOString() })));
    await removeStore(dir, before, staging);
    for (const name of await readdir(staging)) await rename(path.join(staging, name), path.join(dir, name));
    await rm(staging, { recursive: true, force: true });
    await syncFolder(dir);
    await rm(path.join(dir, RESTORE_INCOMPLETE));
    const journals = [...backup.files.keys()].filter(isJournalFile).length;
    return { header: backup.header, collections: backup.files.size - journals, journals, replaced: before.storeFiles.length };
  } finally {
    await lock.release();
  }
}

/** DATA_DIR set to the wrong folder (a home directory) must not be emptied. */
function refuseForeign(dir: string, contents: FolderContents): void {
  if (!contents.foreign.length) return;
  const more = contents.foreign.length > 1 ? ` and ${contents.foreign.length - 1} more` : '';
  throw new BackupError(`${dir} holds ${contents.foreign[0]}${more}, which is not part of a bot data folder: set DATA_DIR to the bot's data folder, or to an empty or new folder.`);
}

/** Everything the store had, and any earlier restore's leftovers; never the lock or the new files. */
async function removeStore(dir: string, contents: FolderContents, staging: string): Promise<void> {
  const keep = new Set([LOCK_FILE, TAKEOVER_FILE, RESTORE_INCOMPLETE, path.basename(staging)]);
  const tops = new Set([...contents.storeFiles, ...contents.housekeeping].map((rel) => rel.split('/')[0]));
  for (const top of tops) if (!keep.has(top)) await rm(path.join(dir, top), { recursive: true, force: true });
}

async function writeDurably(file: string, flags: 'w' | 'wx', data: Buffer): Promise<void> {
  await makePrivateDir(path.dirname(file));
  const handle = await open(file, flags, FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
