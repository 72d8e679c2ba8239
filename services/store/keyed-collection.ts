import type { Adapter } from 'lowdb';
import { Low } from 'lowdb';
import type { Collection, Doc } from './store.js';

export interface CollectionFile<T> {
  items: Record<string, T>;
}

/** Where a collection reports each change; the returned promise resolves once it is durable. */
export type ChangeSink = (collection: string, op: 'put' | 'del', id: string, doc?: unknown) => Promise<void>;

/**
 * A collection held in memory, loaded from and snapshotted to its lowdb file. Changes go to the
 * store's journal (the sink) as they happen; the whole file is rewritten only at a checkpoint.
 */
export class KeyedCollection<T extends Doc> implements Collection<T> {
  private readonly db: Low<CollectionFile<T>>;

  constructor(
    readonly name: string,
    adapter: Adapter<CollectionFile<T>>,
    private readonly sink: ChangeSink,
  ) {
    this.db = new Low<CollectionFile<T>>(adapter, { items: {} });
  }

  async load(): Promise<void> {
    await this.db.read();
    if (!this.db.data || typeof this.db.data.items !== 'object' || this.db.data.items === null) {
      this.db.data = { items: {} };
    }
  }

  /** Re-applies a journaled change on load, without journaling it again. */
  replay(op: 'put' | 'del', id: string, doc: unknown): void {
    if (op === 'put') this.db.data.items[id] = doc as T;
    else delete this.db.data.items[id];
  }

  /**
   * Writes the whole collection to its file (atomically), records in id order: a file must not
   * tell who came when (e.g. which anonymous answer followed which "has answered" record).
   */
  snapshot(): Promise<void> {
    const items = this.db.data.items;
    this.db.data = { items: Object.fromEntries(Object.keys(items).sort().map((k) => [k, items[k]])) };
    return this.db.write();
  }

  get(id: string): T | undefined {
    return Object.hasOwn(this.db.data.items, id) ? this.db.data.items[id] : undefined;
  }

  values(): T[] {
    return Object.values(this.db.data.items);
  }

  size(): number {
    return Object.keys(this.db.data.items).length;
  }

  put(doc: T): Promise<void> {
    this.db.data.items[doc.id] = doc;
    return this.sink(this.name, 'put', doc.id, doc);
  }

  putMany(docs: T[]): Promise<void> {
    return Promise.all(docs.map((d) => this.put(d))).then(() => undefined);
  }

  remove(id: string): Promise<void> {
    if (!Object.hasOwn(this.db.data.items, id)) return Promise.resolve();
    delete this.db.data.items[id];
    return this.sink(this.name, 'del', id);
  }
}
