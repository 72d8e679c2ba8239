import { createHash } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { FILE_MODE, isStoreFile, JOURNAL_DIR } from './data-folder.js';

/**
 * The backup file: JSON lines, written and read with nothing but Node. A header, one line per
 * store file (path and base64 content), and a trailer whose count and checksum show the file
 * is whole: a backup cut short by a full disk is refused, never half restored.
 */
export const BACKUP_FORMAT = 'nscp-engage-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The data folder it was taken from, to say so on restore. */
  from: string;
}

export interface BackupContents {
  header: BackupHeader;
  files: Map<string, Buffer>;
}

/** Bad input or a refusal: the message says what to fix, and nothing was changed. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export const isJournalFile = (rel: string) => rel.startsWith(`${JOURNAL_DIR}/`);

export async function writeBackupFile(file: string, contents: BackupContents): Promise<{ bytes: number }> {
  let handle;
  try {
    handle = await open(file, 'wx', FILE_MODE);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new BackupError(`${file} already exists: give a new file name (a backup never overwrites one).`);
    if (code === 'ENOENT') throw new BackupError(`the folder ${path.dirname(file)} does not exist: create it or give another path for the backup.`);
    throw new BackupError(`cannot create ${file} (${code ?? (e as Error).message}): give a path you can write to.`);
  }
  let bytes = 0;
  try {
    const hash = createHash('sha256');
    const put = async (line: string) => {
      bytes += Buffer.byteLength(line);
      await handle.write(line);
    };
    await put(JSON.stringify(contents.header) + '\n');
    for (const [rel, data] of contents.files) {
      const line = JSON.stringify({ path: rel, data: data.toString('base64') }) + '\n';
      hash.update(line);
      await put(line);
    }
    await put(JSON.stringify({ end: true, files: contents.files.size, sha256: hash.digest('hex') }) + '\n');
    await handle.sync();
    await handle.close();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(file, { force: true });
    throw e;
  }
  return { bytes };
}

/** Reads and checks a whole backup; throws BackupError naming what is wrong with it. */
export async function readBackupFile(file: string): Promise<BackupContents> {
  const notOurs = `${file} is not a backup made by npm run backup: give the path of one.`;
  let text: string;
  try {
    // Look at the start first, so pointing at some large other file fails fast.
    if (!(await readStart(file, 64)).startsWith(`{"format":"${BACKUP_FORMAT}"`)) throw new BackupError(notOurs);
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof BackupError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new BackupError(`cannot read ${file} (${code ?? (e as Error).message}): give the path of a backup file made by npm run backup.`);
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const damaged = (why: string) => new BackupError(`${file} is damaged or incomplete (${why}); it cannot be restored. Use another backup.`);
  const header = parseLine(lines[0]) as Partial<BackupHeader> | null;
  if (header?.format !== BACKUP_FORMAT) throw new BackupError(notOurs);
  if (header.version !== BACKUP_VERSION) throw new BackupError(`${file} is a backup in format ${header.version}, which this version (format ${BACKUP_VERSION}) cannot read: restore it with the version that made it.`);
  if (typeof header.createdAt !== 'string' || typeof header.from !== 'string') throw damaged('its header lacks when or where it was taken');
  const trailer = parseLine(lines.at(-1) ?? '') as { end?: boolean; files?: number; sha256?: string } | null;
  if (lines.length < 2 || trailer?.end !== true) throw damaged('it ends early');
  const hash = createHash('sha256');
  const files = new Map<string, Buffer>();
  for (const line of lines.slice(1, -1)) {
    hash.update(line + '\n');
    const entry = parseLine(line) as { path?: unknown; data?: unknown } | null;
    if (typeof entry?.path !== 'string' || typeof entry.data !== 'string') throw damaged('a line is not a file entry');
    if (!isStoreFile(entry.path)) throw damaged(`it holds "${entry.path}", which is not a store file`);
    if (files.has(entry.path)) throw damaged(`it holds ${entry.path} twice`);
    files.set(entry.path, Buffer.from(entry.data, 'base64'));
  }
  if (trailer.files !== files.size || trailer.sha256 !== hash.digest('hex')) throw damaged('its checksum does not match its contents');
  for (const [rel, data] of files) {
    if (isJournalFile(rel)) continue;
    const parsed = parseLine(data.toString('utf8')) as { items?: unknown } | null;
    if (!parsed || typeof parsed.items !== 'object' || parsed.items === null) throw damaged(`${rel} in it is not a collection file`);
  }
  return { header: header as BackupHeader, files };
}

async function readStart(file: string, length: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const start = Buffer.alloc(length);
    const { bytesRead } = await handle.read(start, 0, length, 0);
    return start.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
