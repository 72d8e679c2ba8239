import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.js';
import { readFolder, RESTORE_INCOMPLETE } from './data-folder.js';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, isJournalFile, writeBackupFile } from './backup-file.js';

const ATTEMPTS = 20;

export interface SnapshotHooks {
  /**
   * Called between reading the collection files and the journals. Tests wait here to widen the
   * race that a large store on a slow disk has anyway.
   */
  filesRead?(attempt: number): Promise<void>;
}

export interface BackupReport {
  collections: number;
  journals: number;
  bytes: number;
  /** Files in the folder that are not the store's, so not in the backup. */
  ignored: string[];
}

/**
 * Copies a data folder that a running bot may be writing, without stopping it or asking it.
 *
 * Why this is consistent: every confirmed change is in a collection file or in a journal file
 * on disk, and the bot deletes a journal file only after rewriting the collection files that
 * cover it (collection files are replaced by rename, never deleted). So the copy lists the
 * files, reads the collection files, then the journal files it listed, then lists the journal
 * files again. If a listed journal file is gone, a checkpoint finished mid-copy: start again.
 * If a new one appeared, a checkpoint began mid-copy and may have written collection files
 * holding changes from the new journal file, which the copy lacks, so a record also changed in
 * the old one would go back while others moved on: start again too. Otherwise replaying the
 * copied journals over the copied files, as a start-up does, gives what the bot would find after
 * a crash at the moment the journals were read, so every change confirmed before the copy began.
 * A journal's last line may be half written; it is cut off, as that change was never confirmed.
 */
export async function snapshotFolder(dir: string, hooks: SnapshotHooks = {}): Promise<{ files: Map<string, Buffer>; ignored: string[] }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const listed = await readFolder(dir);
    if (listed.housekeeping.includes(RESTORE_INCOMPLETE)) throw new BackupError(`a restore into ${dir} is under way or was cut short, so the folder is half one thing and half another: back it up once the restore is done.`);
    const journals = listed.storeFiles.filter(isJournalFile);
    const files = new Map<string, Buffer>();
    try {
      for (const rel of listed.storeFiles.filter((f) => !isJournalFile(f))) {
        const data = await readFile(path.join(dir, rel));
        // Collection files are replaced by rename, so a bad one is damage on disk, not a race.
        if (!isJson(data)) throw new BackupError(`${path.join(dir, rel)} is not valid JSON: the data folder is damaged. Restore it from an earlier backup.`);
        files.set(rel, data);
      }
      await hooks.filesRead?.(attempt);
      for (const rel of journals) {
        const data = await readFile(path.join(dir, rel));
        files.set(rel, data.subarray(0, data.lastIndexOf(0x0a) + 1));
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // a checkpoint dropped it mid-copy
      throw e;
    }
    const after = (await readFolder(dir)).storeFiles.filter(isJournalFile);
    if (after.join('\n') === journals.join('\n')) return { files, ignored: listed.foreign };
  }
  throw new BackupError(`the bot checkpointed ${dir} during each of ${ATTEMPTS} attempts to copy it; try again.`);
}

/** Writes a backup of dir to file (which must not exist), readable by the bot's user only. */
export async function writeBackup(dir: string, file: string, clock: Clock, hooks?: SnapshotHooks): Promise<BackupReport> {
  const { files, ignored } = await snapshotFolder(dir, hooks);
  if (!files.size) throw new BackupError(`${dir} holds no store files (or does not exist): set DATA_DIR to the bot's data folder.`);
  const { bytes } = await writeBackupFile(file, { header: { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: clock.now().toISOString(), from: dir }, files });
  const journals = [...files.keys()].filter(isJournalFile).length;
  return { collections: files.size - journals, journals, bytes, ignored };
}

function isJson(data: Buffer): boolean {
  try {
    JSON.parse(data.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
