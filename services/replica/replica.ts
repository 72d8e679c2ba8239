import { createHmac, randomBytes } from 'node:crypto';
import type { OutboxRule } from '../store/outbox.js';
import type { Doc, Store } from '../store/store.js';
import type { OpaqueId, ReplicaList, ReplicaSource } from './replica-spec.js';

/** Where the row-id key is kept: in the data folder (so in its backups), beside the replica's state. */
const KEY_COLLECTION = 'replica-state';
const KEY_ID = 'row-id-key';

/** What the business unit's menu and /healthz say about the replica. */
export type ReplicaStatus =
  | { state: 'off' }
  | { state: 'in step' }
  | { state: 'waiting'; waiting: number; oldestSince?: string }
  | { state: 'failing'; waiting: number; oldestSince?: string; since: string; reason: string };

export interface ReplicaRunner {
  status(): ReplicaStatus;
  /** A change was queued: sync soon. */
  kick(): void;
}

/**
 * The replica's sources, added by each feature when it opens (`plugIn(s, { replica: [...] })`),
 * and, once Graph settings are given, the replicator that syncs them. With no replicator the
 * replica is off and nothing is queued: the bot runs exactly as it would without it.
 */
export class Replica {
  private readonly list: ReplicaSource<never>[] = [];
  private runner: ReplicaRunner | undefined;
  private key: Buffer | undefined;

  /**
   * Loads the key that makes BotIds opaque, creating it (random) the first time this data folder
   * keeps a replica. Without a key, anyone with the roster could hash each email and find its
   * rows, and one person's rows could be linked across lists; with it, neither. Never logged.
   */
  async openKey(store: Store): Promise<void> {
    const c = await store.collection<Doc & { key: string }>(KEY_COLLECTION);
    let kept = c.get(KEY_ID)?.key;
    if (!kept) {
      kept = randomBytes(32).toString('base64url');
      await c.put({ id: KEY_ID, key: kept });
    }
    this.key = Buffer.from(kept, 'base64url');
  }

  /** HMAC-SHA-256 under the data folder's key, with the list's name in it: the same record gives another id in another list. */
  opaqueFor(list: string): OpaqueId {
    return (...parts) => {
      if (!this.key) throw new Error('the replica row-id key is not loaded (Replica.openKey)');
      return createHmac('sha256', this.key).update(`${list}\n${parts.join('\n')}`).digest('base64url').slice(0, 22);
    };
  }

  /** The bot's id for a record's row in a source's list. */
  botIdOf(s: ReplicaSource<never>, collection: string, id: string): string {
    return s.botId ? s.botId(collection, id, this.opaqueFor(s.list.list)) : id;
  }

  add(...sources: ReplicaSource<never>[]): void {
    for (const s of sources) {
      if (this.list.some((o) => o.list.list === s.list.list && o.collection === s.collection)) throw new Error(`replica source ${s.list.list} for ${s.collection} is added twice`);
      this.list.push(s);
    }
  }

  sources(): ReplicaSource<never>[] {
    return [...this.list];
  }

  /** Every list, once each (a list may be fed from more than one collection). */
  lists(): ReplicaList[] {
    const byName = new Map<string, ReplicaList>();
    for (const s of this.list) byName.set(s.list.list, s.list);
    return [...byName.values()];
  }

  /** The source for a record in a collection: its name, or a partition under its prefix ("rsvps" → "rsvps/m1", "deliveries/newsletter-" → "deliveries/newsletter-i1"). */
  sourceFor(collection: string): ReplicaSource<never> | undefined {
    return this.list.find((s) => collection === s.collection || collection.startsWith(s.collection.includes('/') ? s.collection : `${s.collection}/`));
  }

  /** The store's outbox rule: which row a change touches. Each match also wakes the replicator. */
  readonly rule: OutboxRule = (collection, id) => {
    const s = this.sourceFor(collection);
    if (!s) return undefined;
    this.runner?.kick();
    return { list: s.list.list, botId: this.botIdOf(s, collection, id), anonymous: s.anonymous };
  };

  attach(runner: ReplicaRunner): void {
    this.runner = runner;
  }

  status(): ReplicaStatus {
    return this.runner ? this.runner.status() : { state: 'off' };
  }
}
