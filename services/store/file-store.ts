import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Memory } from 'lowdb';
import { DurableJsonFile } from './durable-json-file.js';
import { KeyedCollection, type CollectionFile } from './keyed-collection.js';
import { assertCollectionName, type Collection, type Doc, type Store } from './store.js';

/** Collections cached by name; loading a collection once even when asked for concurrently. */
abstract class CachingStore implements Store {
  private readonly open = new Map<string, Promise<KeyedCollection<any>>>();

  collection<T extends Doc>(name: string): Promise<Collection<T>> {
    assertCollectionName(name);
    let c = this.open.get(name);
    if (!c) {
      const created = this.create<T>(name);
      c = created.load().then(() => created);
      this.open.set(name, c);
      c.catch(() => this.open.delete(name));
    }
    return c as Promise<Collection<T>>;
  }

  async flush(): Promise<void> {
    const all = await Promise.allSettled([...this.open.values()]);
    await Promise.all(all.flatMap((r) => (r.status === 'fulfilled' ? [r.value.pending()] : [])));
  }

  protected opened(): string[] {
    return [...this.open.keys()];
  }

  protected abstract create<T extends Doc>(name: string): KeyedCollection<T>;
  abstract listPartitions(prefix: string): Promise<string[]>;
  abstract check(): Promise<void>;
}

/** The embedded default: one JSON file per collection under DATA_DIR. */
export class FileStore extends CachingStore {
  constructor(private readonly dir: string) {
    super();
  }

  protected create<T extends Doc>(name: string): KeyedCollection<T> {
    return new KeyedCollection<T>(name, new DurableJsonFile<CollectionFile<T>>(path.join(this.dir, `${name}.json`)));
  }

  async listPartitions(prefix: string): Promise<string[]> {
    assertCollectionName(prefix);
    let files: string[] = [];
    try {
      files = await readdir(path.join(this.dir, prefix));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const onDisk = files.filter((f) => f.endsWith('.json')).map((f) => `${prefix}/${f.slice(0, -5)}`);
    const inMemory = this.opened().filter((n) => n.startsWith(`${prefix}/`));
    return [...new Set([...onDisk, ...inMemory])];
  }

  async check(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const probe = path.join(this.dir, '.healthz');
    const stamp = String(Date.now());
    await writeFile(probe, stamp);
    if ((await readFile(probe, 'utf8')) !== stamp) throw new Error('store read back something else');
    await rm(probe, { force: true });
  }
}

/** For unit tests: the same behaviour with nothing on disk. */
export class MemoryStore extends CachingStore {
  protected create<T extends Doc>(name: string): KeyedCollection<T> {
    return new KeyedCollection<T>(name, new Memory<CollectionFile<T>>());
  }

  async listPartitions(prefix: string): Promise<string[]> {
    return this.opened().filter((n) => n.startsWith(`${prefix}/`));
  }

  async check(): Promise<void> {}
}
