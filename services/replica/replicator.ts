import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { GraphSignInFailed, GraphUnreachable, type GraphApi, type GraphRequest, type GraphResponse } from '../graph/graph-api.js';
import type { Logger } from '../logger.js';
import { OUTBOX, outboxKey, type OutboxEntry } from '../store/outbox.js';
import type { Collection, Doc, Store } from '../store/store.js';
import { BOT_ID_COLUMN, type ReplicaRow, type ReplicaSource } from './replica-spec.js';
import { explainGraphFailure } from '../graph/graph-failure.js';
import { whyListFailed } from './replica-words.js';
import type { Replica, ReplicaRunner, ReplicaStatus } from './replica.js';
import { ResourcePacer, resourceUnits } from './resource-pacer.js';

export interface ReplicaTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ReplicaTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface ReplicatorOptions {
  store: Store;
  graph: GraphApi;
  replica: Replica;
  siteId: string;
  clock: Clock;
  log: Logger;
  /** SHAREPOINT_RESOURCE_UNITS_PER_MINUTE: the app's budget, paced to 95% of it. */
  resourceUnitsPerMinute: number;
  timers?: ReplicaTimers;
  /** How long after a change the replicator waits, so a burst goes in full batches. */
  settleMs?: number;
}

/** The SharePoint item a row became, learned when it was created: upserts after that are PATCHes. */
interface ItemRef extends Doc {
  itemId: string;
  /** The SharePoint list the item is in: a list deleted and made again has new ids, and this ref then means nothing. */
  listId?: string;
}

/**
 * Per list, the SharePoint list id the replica last wrote into. Item refs from before ids were
 * remembered carry none; they count for `legacy`, the id first seen for that list.
 */
interface ListIds extends Doc {
  ids: Record<string, { listId: string; legacy?: string }>;
}

type Action = 'create' | 'update' | 'delete' | 'find';

interface Planned {
  entry: OutboxEntry;
  action: Action;
  /** The record is gone (or has no row): the row is to be removed. */
  removing: boolean;
  req: GraphRequest;
}

const BATCH = 20;
const RETRY_AFTER_DEFAULT_MS = 10_000;
const INNER_FAILURE_PAUSE_MS = 5_000;
const LIST_RETRY_MS = 5 * 60_000;
const HOLD_RECHECK_MS = 60_000;
const OUTAGE_BACKOFF_MAX_MS = 60_000;
/** Outer 503s in a row before the menu says the replica is failing (one is just a busy moment). */
const UNAVAILABLE_BEFORE_FAILING = 3;

const STATE = 'replica-state';

/**
 * Whether a replica was ever filled from this data folder. If so, a start without Graph settings
 * keeps queueing changes (removals and erasures included) for it: once they are back, SharePoint
 * gets them, instead of keeping rows the bot has since changed or removed.
 */
export async function replicaWasFilled(store: Store): Promise<boolean> {
  return !!(await store.collection<Doc & { sources: string[] }>(STATE)).get('seeded')?.sources.length;
}

/**
 * Syncs the outbox to SharePoint: an upsert per row keyed by the bot's id, in $batch requests of
 * at most 20, paced to the app's resource-unit budget. An entry leaves the outbox only once
 * SharePoint confirmed its row (and only if no newer change came meanwhile), so a crash or an
 * outage loses nothing; the item id learned from each create is kept, and a create that meets the
 * unique BotId column (the row was made just before a crash) looks the item up and updates it, so
 * no row is ever doubled. A list that fails (gone, no access, a column changed by hand) stops and
 * says why; its entries wait.
 */
export class Replicator implements ReplicaRunner {
  readonly pacer: ResourcePacer;
  /** For the bench and tests: what happened so far. */
  readonly counts = { batches: 0, requests: 0, synced: 0, throttled: 0 };
  private outbox!: Collection<OutboxEntry>;
  private listIds: Map<string, string> | undefined;
  /** Set once the site and its lists answered since start: until then an empty outbox still means "look". */
  private probed = false;
  private readonly items = new Map<string, Collection<ItemRef>>();
  private readonly blocked = new Map<string, { since: string; reason: string; retryAt: number }>();
  private trouble: { since: string; reason: string } | undefined;
  private failures = 0;
  private unavailable = 0;
  /** Rows whose item must be looked up by BotId first (after a 409 on create). */
  private readonly findFirst = new Set<string>();
  private readonly held = new Map<string, number>();
  private timer: unknown;
  /** How long the pending timer was set for: a long one (a back-off, a blocked list) gives way to a new change. */
  private timerMs = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly timers: ReplicaTimers;
  private knownLists: ListIds['ids'] = {};

  private constructor(private readonly o: ReplicatorOptions) {
    this.pacer = new ResourcePacer(o.resourceUnitsPerMinute);
    this.timers = o.timers ?? realTimers;
  }

  /** Opens the outbox, starts queueing changes, and queues every record once for lists never filled before. */
  static async open(o: ReplicatorOptions): Promise<Replicator> {
    const r = new Replicator(o);
    r.outbox = await o.store.collection<OutboxEntry>(OUTBOX);
    await o.replica.openKey(o.store);
    o.store.setOutbox(o.replica.rule);
    o.replica.attach(r);
    await r.seed();
    return r;
  }

  /** A source that was never replicated (first start with Graph settings, a new list): every record it has is queued. */
  private async seed(): Promise<void> {
    const state = await this.o.store.collection<Doc & { sources: string[] }>(STATE);
    const done = new Set(state.get('seeded')?.sources ?? []);
    const added = this.o.replica.sources().filter((s) => !done.has(`${s.list.list}:${s.collection}`));
    await this.queueAll(added);
    if (added.length) await state.put({ id: 'seeded', sources: [...done, ...added.map((s) => `${s.list.list}:${s.collection}`)] });
  }

  /** Queues every stored record of these sources that is not waiting already. */
  private async queueAll(sources: ReplicaSource<never>[]): Promise<number> {
    const now = this.o.clock.now().toISOString();
    let n = 0;
    for (const s of sources) {
      const partitions = await this.o.store.listPartitions(s.collection.split('/')[0]);
      const names = [...(s.collection.includes('/') ? [] : [s.collection]), ...partitions.filter((n) => this.o.replica.sourceFor(n) === s)];
      const entries: OutboxEntry[] = [];
      for (const name of names) {
        for (const doc of (await this.o.store.collection(name)).values()) {
          const botId = this.o.replica.botIdOf(s, name, doc.id);
          const id = outboxKey(s.list.list, botId);
          if (!this.outbox.get(id)) entries.push(s.anonymous ? { id, list: s.list.list, botId, c: name, docId: doc.id, rev: `seed-${randomBytes(8).toString('hex')}` } : { id, list: s.list.list, botId, c: name, docId: doc.id, since: now, rev: `seed-${randomBytes(8).toString('hex')}` });
        }
      }
      await this.outbox.putMany(entries);
      n += entries.length;
    }
    return n;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    const settle = this.o.settleMs ?? 200;
    if (this.running) this.again = true;
    else if (this.timer === undefined) this.schedule(settle);
    else if (this.timerMs > settle) {
      // Waiting long (a blocked list, a back-off): a new change is a reason to look sooner; the pacer still decides when a batch may go.
      this.timers.clearTimeout(this.timer);
      this.schedule(settle);
    }
  }

  private schedule(ms: number): void {
    this.timerMs = ms;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.loop();
    }, ms);
  }

  private async loop(): Promise<void> {
    if (this.stopped || this.running) return;
    let next: number | undefined;
    this.running = (async () => {
      try {
        next = await this.pass();
      } catch (e) {
        // A bug or a store failure: say so, and try again later; the outbox keeps every entry.
        this.o.log.error('replica.pass_failed', { error: e as Error });
        next = 30_000;
      }
    })();
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    if (next === undefined && this.again) next = this.o.settleMs ?? 200;
    this.again = false;
    if (next !== undefined) this.schedule(next);
  }

  status(): ReplicaStatus {
    const entries = this.outbox.values();
    let oldestSince: string | undefined;
    for (const e of entries) if (e.since && (!oldestSince || e.since < oldestSince)) oldestSince = e.since;
    const failing = [...(this.trouble ? [this.trouble] : []), ...this.blocked.values()].sort((a, b) => a.since.localeCompare(b.since))[0];
    if (failing) return { state: 'failing', waiting: entries.length, oldestSince, since: failing.since, reason: failing.reason };
    if (!entries.length) return { state: 'in step' };
    return { state: 'waiting', waiting: entries.length, oldestSince };
  }

  /**
   * One step: sends one batch if the budget allows. Returns how long until the next step is
   * worth running, or undefined when there is nothing to do until a change arrives.
   */
  async pass(): Promise<number | undefined> {
    const now = this.o.clock.now().getTime();
    for (const [list, b] of this.blocked) {
      if (b.retryAt > now) continue;
      // Try the list again (perhaps it was provisioned again, or access was granted): look the lists up afresh.
      this.blocked.delete(list);
      this.listIds = undefined;
    }
    // At start the site and its lists are looked at even with nothing to send: a wrong setting shows
    // at once, and a list made again (new id) gets every row again.
    if (!this.outbox.size() && this.probed) return undefined;
    const wait = this.pacer.waitFor(BATCH * 2, now);
    if (wait > 0) return wait;
    if (!this.listIds) {
      const backoff = await this.resolveLists(now);
      if (backoff !== undefined) return backoff;
      if (!this.outbox.size()) return undefined;
    }
    const plan = await this.plan(now);
    if (!plan.length) return this.nextWake(now);
    this.pacer.spend(plan.reduce((sum, p) => sum + resourceUnits(p.req.method), 0), now);
    this.counts.batches++;
    this.counts.requests += plan.length;
    let res;
    try {
      res = await this.o.graph.batch(plan.map((p) => p.req));
    } catch (e) {
      return this.outage(e, now);
    }
    if (res.status === 429 || res.status === 503) {
      this.counts.throttled++;
      if (res.status === 503 && ++this.unavailable >= UNAVAILABLE_BEFORE_FAILING) this.troubled('Microsoft Graph is unavailable (it answers 503): nothing to do here, the replica carries on when it is back.', now);
      this.pacer.pause(now + (res.retryAfterMs ?? this.backoff()));
      return 0;
    }
    if (res.status !== 200) return this.outage(res, now);
    this.recovered();
    const writes: Promise<void>[] = [];
    plan.forEach((p, i) => this.settle(p, res.responses[i] ?? { status: 500, body: undefined, headers: {} }, now, writes));
    await Promise.all(writes);
    return 0;
  }

  private backoff(): number {
    return Math.min(OUTAGE_BACKOFF_MAX_MS, 500 * 2 ** Math.min(7, ++this.failures));
  }

  private troubled(reason: string, now: number): void {
    if (!this.trouble) this.o.log.warn('replica.failing', { reason });
    this.trouble = { since: this.trouble?.since ?? new Date(now).toISOString(), reason };
  }

  private recovered(): void {
    if (this.trouble) this.o.log.info('replica.recovered', {});
    this.trouble = undefined;
    this.failures = 0;
    this.unavailable = 0;
  }

  private outage(e: unknown, now: number): number {
    if (e instanceof GraphSignInFailed || e instanceof GraphUnreachable) this.troubled(explainGraphFailure(e), now);
    else if (e instanceof Error) throw e;
    else this.troubled(explainGraphFailure(e as GraphResponse), now);
    return this.backoff();
  }

  /** The site's lists by name; a list the code declares but the site lacks is blocked until provisioned. */
  private async resolveLists(now: number): Promise<number | undefined> {
    this.pacer.spend(1, now);
    let found;
    try {
      found = await this.o.graph.all<{ id: string; name: string }>(`/sites/${this.o.siteId}/lists?$select=id,name&$top=999`);
    } catch (e) {
      return this.outage(e, now);
    }
    if (found.failed) {
      if (found.failed.status === 429 || found.failed.status === 503) {
        this.pacer.pause(now + (found.failed.retryAfterMs ?? this.backoff()));
        return 0;
      }
      return this.outage(found.failed, now);
    }
    this.recovered();
    // By internal name, as the provisioner finds them: a list renamed by hand is still filled.
    this.listIds = new Map(found.items.map((l) => [l.name.toLowerCase(), l.id]));
    this.probed = true;
    await this.noticeRemadeLists(now);
    return undefined;
  }

  /**
   * A list whose id is not the one the replica wrote into was deleted and made again (by hand, or
   * a stand-in that keeps nothing, then graph:provision): it is empty, so every stored record of
   * it is queued again, and the item ids learned for the old list are no longer used.
   */
  private async noticeRemadeLists(now: number): Promise<void> {
    const state = await this.o.store.collection<ListIds>(STATE);
    const known = state.get('list-ids')?.ids ?? {};
    const next = { ...known };
    const remade: string[] = [];
    for (const l of this.o.replica.lists()) {
      const key = l.list.toLowerCase();
      const listId = this.listIds!.get(key);
      if (!listId || known[key]?.listId === listId) continue;
      if (!known[key]) {
        next[key] = { listId, legacy: listId };
        continue;
      }
      next[key] = { listId };
      remade.push(l.list);
    }
    if (JSON.stringify(next) !== JSON.stringify(known)) await state.put({ id: 'list-ids', ids: next });
    this.knownLists = next;
    for (const list of remade) {
      this.blocked.delete(list);
      for (const e of this.outbox.values()) if (e.list === list) this.findFirst.delete(e.id);
      const queued = await this.queueAll(this.o.replica.sources().filter((s) => s.list.list === list));
      this.o.log.warn('replica.list_remade', { list, queued, at: new Date(now).toISOString() });
    }
  }

  /** The item a row became in the list as it is now; none if it was made in a list since deleted. */
  private itemIdOf(items: Collection<ItemRef>, list: string, botId: string): string | undefined {
    const ref = items.get(botId);
    if (!ref) return undefined;
    const known = this.knownLists[list.toLowerCase()];
    if (!known) return ref.itemId;
    return (ref.listId ?? known.legacy) === known.listId ? ref.itemId : undefined;
  }

  private block(list: string, reason: string, now: number): void {
    if (!this.blocked.has(list)) this.o.log.warn('replica.list_failing', { list, reason });
    this.blocked.set(list, { since: this.blocked.get(list)?.since ?? new Date(now).toISOString(), reason, retryAt: now + LIST_RETRY_MS });
  }

  private async itemsOf(list: string): Promise<Collection<ItemRef>> {
    let c = this.items.get(list);
    if (!c) {
      c = await this.o.store.collection<ItemRef>(`replica-items/${list.toLowerCase()}`);
      this.items.set(list, c);
    }
    return c;
  }

  /** Oldest first, except anonymous records: last, in the order of their random ids, so SharePoint's item numbers can't tell who answered first. */
  private candidates(): OutboxEntry[] {
    const named: OutboxEntry[] = [];
    const anonymous: OutboxEntry[] = [];
    for (const e of this.outbox.values()) (e.since === undefined ? anonymous : named).push(e);
    return anonymous.length ? [...named, ...anonymous.sort((a, b) => (a.id < b.id ? -1 : 1))] : named;
  }

  private async plan(now: number): Promise<Planned[]> {
    const out: Planned[] = [];
    for (const e of this.candidates()) {
      if (out.length >= BATCH) break;
      if (this.blocked.has(e.list) || (this.held.get(e.id) ?? -Infinity) > now) continue;
      const source = this.o.replica.sourceFor(e.c);
      // A record whose list the code no longer declares: kept, in case it comes back.
      if (!source) continue;
      const listId = this.listIds!.get(e.list.toLowerCase());
      if (!listId) {
        this.block(e.list, whyListFailed(source.list.displayName, 404), now);
        continue;
      }
      const doc = (await this.o.store.collection(e.c)).get(e.docId) as never;
      const row = doc ? await source.row(doc, e.c) : undefined;
      if (row && source.hold && (await source.hold(doc, e.c))) {
        this.held.set(e.id, now + HOLD_RECHECK_MS);
        continue;
      }
      this.held.delete(e.id);
      const itemId = this.itemIdOf(await this.itemsOf(e.list), e.list, e.botId);
      const items = `/sites/${this.o.siteId}/lists/${listId}/items`;
      const id = String(out.length + 1);
      const json = { 'Content-Type': 'application/json' };
      if (this.findFirst.has(e.id) || (!row && !itemId)) {
        out.push({ entry: e, action: 'find', removing: !row, req: { id, method: 'GET', url: `${items}?$filter=${encodeURIComponent(`fields/${BOT_ID_COLUMN} eq '${e.botId.replace(/'/g, "''")}'`)}&$select=id` } });
      } else if (!row) {
        out.push({ entry: e, action: 'delete', removing: true, req: { id, method: 'DELETE', url: `${items}/${itemId}` } });
      } else if (itemId) {
        out.push({ entry: e, action: 'update', removing: false, req: { id, method: 'PATCH', url: `${items}/${itemId}/fields`, body: row, headers: json } });
      } else {
        out.push({ entry: e, action: 'create', removing: false, req: { id, method: 'POST', url: items, body: { fields: { ...withoutNulls(row), [BOT_ID_COLUMN]: e.botId } }, headers: json } });
      }
    }
    return out;
  }

  /** When held or blocked entries are next worth a look; undefined when nothing waits for a time. */
  private nextWake(now: number): number | undefined {
    const times = [...this.held.values(), ...[...this.blocked.values()].map((b) => b.retryAt)];
    return times.length ? Math.max(0, Math.min(...times) - now) : undefined;
  }

  private settle(p: Planned, r: GraphResponse, now: number, writes: Promise<void>[]): void {
    const e = p.entry;
    const s = r.status;
    if (s === 429 || s === 503) {
      // Only this request is retried, after its own Retry-After; the batch's others are settled.
      this.counts.throttled++;
      this.pacer.pause(now + (r.retryAfterMs ?? RETRY_AFTER_DEFAULT_MS));
      return;
    }
    const items = this.items.get(e.list)!;
    const ok = s >= 200 && s < 300;
    if (p.action === 'create' && ok) {
      writes.push(items.put({ id: e.botId, itemId: String((r.body as { id?: unknown })?.id), ...this.listIdFor(e.list) }), this.done(e));
    } else if (p.action === 'create' && s === 409) {
      this.findFirst.add(e.id);
    } else if (p.action === 'update' && ok) {
      writes.push(this.done(e));
    } else if ((p.action === 'update' || p.action === 'delete') && s === 404) {
      // The item was deleted by hand: an update creates it again; a removal is already done.
      // Or the whole list was: look the lists up again, and a list made again gets every row.
      writes.push(items.remove(e.botId));
      if (p.action === 'delete') writes.push(this.done(e));
      this.listIds = undefined;
    } else if (p.action === 'delete' && ok) {
      writes.push(items.remove(e.botId), this.done(e));
    } else if (p.action === 'find' && ok) {
      this.findFirst.delete(e.id);
      const found = (r.body as { value?: Array<{ id?: string | number }> })?.value?.[0]?.id;
      if (found !== undefined) writes.push(items.put({ id: e.botId, itemId: String(found), ...this.listIdFor(e.list) }));
      else if (p.removing) writes.push(this.done(e));
    } else if (s >= 500) {
      this.pacer.pause(now + INNER_FAILURE_PAUSE_MS);
    } else {
      const source = this.o.replica.sourceFor(e.c);
      this.block(e.list, whyListFailed(source?.list.displayName ?? e.list, s, r.body), now);
      if (s === 404) this.listIds = undefined;
    }
  }

  private listIdFor(list: string): { listId?: string } {
    const id = this.listIds?.get(list.toLowerCase()) ?? this.knownLists[list.toLowerCase()]?.listId;
    return id ? { listId: id } : {};
  }

  /** The row is in SharePoint as the record was: the entry goes, unless a newer change replaced it meanwhile. */
  private done(e: OutboxEntry): Promise<void> {
    if (this.outbox.get(e.id)?.rev !== e.rev) return Promise.resolve();
    this.counts.synced++;
    return this.outbox.remove(e.id);
  }
}

function withoutNulls(row: ReplicaRow): ReplicaRow {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
}
