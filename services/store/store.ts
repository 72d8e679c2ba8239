import type { OutboxRule } from './outbox.js';

/**
 * The store port. Records live in named collections; each collection is one bounded file
 * (or one in-memory map in tests), so a write costs the size of its collection, not the whole
 * store. A collection name may hold one "/" to partition by campaign, e.g. "rsvps/mtg-123".
 */
export interface Doc {
  id: string;
}

export interface Collection<T extends Doc> {
  readonly name: string;
  get(id: string): T | undefined;
  values(): T[];
  size(): number;
  /** Resolves once the change is durable: only then may the user be told it was saved. */
  put(doc: T): Promise<void>;
  putMany(docs: T[]): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface Store {
  /** Opens (and on first use loads) a collection. Cached: later calls are cheap. */
  collection<T extends Doc>(name: string): Promise<Collection<T>>;
  /** Names of the partitions that exist under a prefix, e.g. listPartitions("rsvps"). */
  listPartitions(prefix: string): Promise<string[]>;
  /** Proves the store can be written and read back (for /healthz). */
  check(): Promise<void>;
  /** Waits for every pending write. */
  flush(): Promise<void>;
  /**
   * At shutdown: writes everything (as flush) and lets go of the store, so another process may
   * open it (a file store releases its data folder's lock and refuses changes after it).
   */
  close(): Promise<void>;
  /**
   * From now on, a change that the rule maps to a row also puts an entry in the replica's outbox
   * (collection OUTBOX) in the same durable write as the change (see outbox.ts).
   */
  setOutbox(rule: OutboxRule): void;
}

const NAME = /^[a-z][a-z0-9-]{0,40}(\/[a-z0-9][a-z0-9._:-]{0,120})?$/;

export function assertCollectionName(name: string): void {
  if (!NAME.test(name)) throw new Error(`invalid collection name "${name}"`);
}
