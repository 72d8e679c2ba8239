import type { Adapter } from 'lowdb';
import { Low } from 'lowdb';
import type { Collection, Doc } from './store.js';

export interface CollectionFile<T> {
  items: Record<string, T>;
}

/**
 * A collection held in memory and persisted through a lowdb adapter. Writes are coalesced:
 * while one write is on disk, later changes wait and go out together in the next one, so a
 * burst of presses costs two writes, not one each.
 */
export class KeyedCollection<T extends Doc> implements Collection<T> {
  private readonly db: Low<CollectionFile<T>>;
  private writing: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    readonly name: string,
    adapter: Adapter<CollectionFile<T>>,
  ) {
    this.db = new Low<CollectionFile<T>>(adapter, { items: {} });
  }

  async load(): Promise<void> {
    await this.db.read();
    if (!this.db.data || typeof this.db.data.items !== 'object' || this.db.data.items === null) {
      this.db.data = { items: {} };
    }
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
    return this.persist();
  }

  putMany(docs: T[]): Promise<void> {
    for (const doc of docs) this.db.data.items[doc.id] = doc;
    return this.persist();
  }

  remove(id: string): Promise<void> {
    delete this.db.data.items[id];
    return this.persist();
  }

  pending(): Promise<void> {
    return this.next ?? this.writing ?? Promise.resolve();
  }

  private persist(): Promise<void> {
    if (!this.writing) {
      this.writing = this.db.write().finally(() => {
        this.writing = null;
      });
      return this.writing;
    }
    // A write is on disk already; every change made meanwhile rides on the one after it.
    if (!this.next) {
      this.next = this.writing
        .catch(() => undefined)
        .then(() => {
          this.next = null;
          return this.persist();
        });
    }
    return this.next;
  }
}
