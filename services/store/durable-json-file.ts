import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { FILE_MODE, makePrivateDir } from './data-folder.js';

/**
 * A lowdb adapter that makes each write durable: write a temporary file, fsync it, then
 * rename it over the old one. A crash leaves either the old file or the new, never half.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private dirMade = false;

  constructor(private readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new Error(`${this.file} is not valid JSON (${(e as Error).message}); restore it from backup or move it aside`, { cause: e });
    }
  }

  async write(data: T): Promise<void> {
    if (!this.dirMade) {
      await makePrivateDir(path.dirname(this.file));
      this.dirMade = true;
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w', FILE_MODE);
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
  }
}
