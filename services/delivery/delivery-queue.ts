import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { SendingConfig } from '../config.js';
import { campaignCollection, TransportError, type Delivery, type NewDelivery, type ReachPort, type Transport } from './deliveries.js';
import type { Logger } from '../logger.js';
import type { Destinations } from './destinations.js';
import { WriteTimeLimiter } from './rate-limiter.js';
import type { Collection, Store } from '../store/store.js';

interface OutboxEntry {
  id: string;
  campaign: string;
}

const MAX_IN_FLIGHT = 16;
/**
 * How far ahead of its turn at the gate a request is prepared (its "sending" record made durable,
 * its card rendered): enough that the disk or a busy moment does not leave the gate idle, little
 * enough that "sending" at a crash means about to go.
 */
const LEAD_MS = 250;
/** The connector client no longer retries on its own (its retries came 0.5-4 s apart), so the first two are as quick. */
const FIRST_RETRY_MS = 1_000;
const SECOND_RETRY_MS = 4_000;
const THIRD_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
const THROTTLE_DEFAULT_MS = 5_000;
/**
 * Windows a little over a second. A request is counted as it is written, but Teams counts it as
 * it arrives, some ms later: how much later varies (on the 2-core bench machine, p99 a few ms and
 * the worst tens of ms, from either process's event loop or the machine being busy; see the
 * README's broadcast bench). The 40 ms over a second absorb that much, for 4 % of the rate.
 */
const WINDOW_MS = 1000 + 40;
/** Teams is throttling the whole app, not one conversation, when this share of the last second's answers were 429. */
const APP_THROTTLED_SHARE = 0.2;

export interface QueueTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: QueueTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * The one way proactive messages leave the bot. Every delivery is persisted before it is
 * tried, sent under Teams' rate limits, retried on throttling and server errors, and its
 * outcome recorded. Idempotent per delivery id, across restarts.
 */
export class DeliveryQueue {
  private readonly pending: Delivery[] = [];
  private readonly limiter: WriteTimeLimiter;
  /** Every attempt under way, bookkeeping included: stop() and idle() wait for these. */
  private inFlight = new Set<Promise<void>>();
  /** Attempts not yet answered by Teams (at most MAX_IN_FLIGHT), and the conversations they go to. */
  private readonly requesting = new Set<object>();
  private readonly requestingTo = new Set<string>();
  /** Of those, how many have not yet been let through the gate. */
  private unwritten = 0;
  /** Requests ready to be written, waiting for the rate limit. */
  private gate: Array<{ key: string; go: () => void }> = [];
  private gateTimer: unknown = null;
  private gateTimerAt = Infinity;
  private timer: unknown = null;
  private timerAt = Infinity;
  private running = false;
  /** Until when Teams asked every send to wait (429 Retry-After). */
  private pausedUntil = 0;
  /** When Teams answered in the last second, and whether with 429: tells one throttled conversation from a throttled app. */
  private answers: Array<{ at: number; throttled: boolean }> = [];
  private idleWaiters: Array<() => void> = [];
  /** Deliveries erased while queued or in flight: whatever becomes of them is not written back. */
  private readonly forgotten = new Set<string>();
  /**
   * Cards with a request in flight: a send by its own id, an update or delete by the card it
   * changes. A change to a card waits while another request for it is on its way (and while the
   * send that makes the card is unsettled), so it lands last and renders the content as it is then.
   */
  private readonly busyCards = new Set<string>();
  /** Campaign collections opened so far, for the pump, which cannot wait. */
  private readonly opened = new Map<string, Collection<Delivery>>();

  private constructor(
    private readonly store: Store,
    private readonly outbox: Collection<OutboxEntry>,
    private readonly transport: Transport,
    private readonly people: Destinations,
    private readonly config: SendingConfig,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly timers: QueueTimers,
    private readonly reach?: ReachPort,
  ) {
    this.limiter = new WriteTimeLimiter(config.maxPerSecond, config.maxPerConversationPerSecond, WINDOW_MS);
  }

  /**
   * How a delivery appears in logs. Its id holds the person's email, so logs carry its campaign
   * and kind and an opaque reference instead: keyed by this process, it ties one delivery's log
   * lines together without being reversible by hashing a list of known emails.
   */
  private readonly logKey = randomBytes(16);
  private ref(d: Delivery): { campaign: string; kind: string; ref: string } {
    return { campaign: d.campaign, kind: d.kind, ref: createHmac('sha256', this.logKey).update(d.id).digest('hex').slice(0, 12) };
  }

  static async open(opts: { store: Store; transport: Transport; people: Destinations; config: SendingConfig; clock: Clock; log: Logger; timers?: QueueTimers; reach?: ReachPort }): Promise<DeliveryQueue> {
    const outbox = await opts.store.collection<OutboxEntry>('outbox');
    const q = new DeliveryQueue(opts.store, outbox, opts.transport, opts.people, opts.config, opts.clock, opts.log, opts.timers ?? realTimers, opts.reach);
    await q.recover();
    return q;
  }

  /**
   * Deliveries a restart found mid-send are sent again and marked "may have been sent twice":
   * Teams may or may not have taken the request the crash cut short, and a missed reminder costs
   * more than a repeated one. So nothing is lost, and duplicates are at most the sends in flight.
   */
  private async recover(): Promise<void> {
    let interrupted = 0;
    for (const entry of this.outbox.values()) {
      const records = await this.campaign(entry.campaign);
      const d = records.get(entry.id);
      if (!d || (d.status !== 'queued' && d.status !== 'sending')) {
        await this.outbox.remove(entry.id);
        continue;
      }
      if (d.status === 'sending') {
        const why = `interrupted while sending (attempt ${d.attempts}, ${d.updatedAt}) by a stop or crash; sent again after the restart, so it may have been sent twice`;
        const again: Delivery = { ...d, status: 'queued', maybeDuplicate: true, duplicateReason: why, lastError: why, updatedAt: this.now() };
        await records.put(again);
        this.log.warn('delivery.interrupted', this.ref(d));
        this.pending.push(again);
        interrupted++;
        continue;
      }
      this.pending.push(d);
    }
    if (!this.pending.length) return;
    this.log.info('queue.recovered', { pending: this.pending.length, interrupted });
    // The process before this one may have been sending a moment ago, and Teams still counts
    // those: the first sends wait one window, so the two together stay under the limits.
    this.pausedUntil = this.clock.now().getTime() + WINDOW_MS;
  }

  async campaign(campaign: string): Promise<Collection<Delivery>> {
    const c = await this.store.collection<Delivery>(campaignCollection(campaign));
    this.opened.set(campaign, c);
    return c;
  }

  async records(campaign: string): Promise<Delivery[]> {
    return (await this.campaign(campaign)).values();
  }

  /**
   * Queues deliveries; an id already known is left alone, except one that found nobody to
   * send to and now can be sent (the person installed the app since). Returns how many were queued.
   */
  async enqueue(items: NewDelivery[]): Promise<number> {
    const byCampaign = new Map<string, NewDelivery[]>();
    for (const item of items) byCampaign.set(item.campaign, [...(byCampaign.get(item.campaign) ?? []), item]);
    const queued: Delivery[] = [];
    const now = this.now();
    for (const [campaign, list] of byCampaign) {
      const records = await this.campaign(campaign);
      const fresh: Delivery[] = [];
      for (const item of list) {
        const existing = records.get(item.id);
        if (existing && !(existing.status === 'not-installed' && this.reachable(item.personId))) continue;
        fresh.push({ ...item, status: 'queued', attempts: existing?.attempts ?? 0, queuedAt: now, updatedAt: now });
        // Queued afresh (someone erased and since added back): this one is theirs to send and record.
        this.forgotten.delete(item.id);
      }
      if (!fresh.length) continue;
      // Outbox first: after a crash between the two writes, recovery finds the entry and its record is still "new".
      // Both in this tick, before any await: a second enqueue of the same id meanwhile finds it and leaves it alone.
      const outboxed = this.outbox.putMany(fresh.map((d) => ({ id: d.id, campaign: d.campaign })));
      await Promise.all([outboxed, records.putMany(fresh)]);
      queued.push(...fresh);
    }
    if (queued.length) {
      this.pending.push(...queued);
      this.pump();
    }
    return queued.length;
  }

  /** Marks queued deliveries that no longer make sense (e.g. an older update) so they are not sent. */
  async supersede(campaign: string, predicate: (d: Delivery) => boolean): Promise<void> {
    const records = await this.campaign(campaign);
    const stale = records.values().filter((d) => d.status === 'queued' && predicate(d));
    if (!stale.length) return;
    const ids = new Set(stale.map((d) => d.id));
    for (let i = this.pending.length - 1; i >= 0; i--) if (ids.has(this.pending[i].id)) this.pending.splice(i, 1);
    await records.putMany(stale.map((d) => ({ ...d, status: 'superseded' as const, updatedAt: this.now() })));
    for (const id of ids) await this.outbox.remove(id);
  }

  start(): void {
    this.running = true;
    this.pump();
  }

  /** Stops taking new sends and waits for those in flight; queued ones stay for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves when nothing is pending or in flight (for tests and shutdown). */
  idle(): Promise<void> {
    if (!this.pending.length && !this.inFlight.size) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private reachable(personId: string): boolean {
    return this.people.installationOf(personId)?.status === 'installed';
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private pump(): void {
    if (!this.running) return;
    const now = this.clock.now().getTime();
    if (this.pausedUntil > now) {
      this.wakeAt(this.pausedUntil, now);
      return;
    }
    let wake = Infinity;
    // Dispatch only prepares (the durable "sending" record, the card): the rate limit is applied
    // at the gate, as each request is written. One request at a time per conversation keeps a
    // chat's messages in order and leaves the other slots to other people.
    for (let i = 0; i < this.pending.length && this.requesting.size < MAX_IN_FLIGHT; ) {
      // Prepared only shortly before the gate would let it through: "sending" means about to be written.
      const ahead = this.limiter.globalWait(now) + this.unwritten * this.limiter.spacing - LEAD_MS;
      if (ahead > 0) {
        wake = Math.min(wake, now + ahead);
        break;
      }
      const d = this.pending[i];
      const notBefore = d.notBefore ? Date.parse(d.notBefore) : 0;
      if (notBefore > now) {
        wake = Math.min(wake, notBefore);
        i++;
        continue;
      }
      const installation = this.people.installationOf(d.personId);
      // Held, without taking a send slot, while the app is installed for them.
      const held = !installation && this.reach ? this.reach.holdUntil(d, now) : 0;
      if (held > now) {
        wake = Math.min(wake, held);
        i++;
        continue;
      }
      const key = installation?.id ?? `none:${d.personId}`;
      if (this.requestingTo.has(key)) {
        i++;
        continue;
      }
      const keyWait = this.limiter.keyWait(key, now);
      if (keyWait > 0) {
        wake = Math.min(wake, now + keyWait);
        i++;
        continue;
      }
      if (d.op !== 'send') {
        const ready = this.changeReady(d, i);
        if (ready === 'wait') {
          i++;
          continue;
        }
        if (ready === 'dropped') continue;
      }
      const next = this.pending.splice(i, 1)[0];
      const card = this.cardOf(next);
      this.busyCards.add(card);
      const slot = { written: false };
      this.requesting.add(slot);
      this.requestingTo.add(key);
      this.unwritten++;
      const written = () => {
        if (slot.written) return;
        slot.written = true;
        this.unwritten--;
      };
      const release = () => {
        written();
        if (!this.requesting.delete(slot)) return;
        this.requestingTo.delete(key);
        this.pump();
      };
      const p = this.process(next, key, written, release)
        .catch((e) => {
          // Bookkeeping failed (e.g. the disk): log it; the delivery is picked up again after a restart.
          this.log.error('delivery.process_failed', { ...this.ref(d), error: e as Error });
        })
        .finally(() => {
          this.busyCards.delete(card);
          this.inFlight.delete(p);
          release();
          this.pump();
        });
      this.inFlight.add(p);
    }
    if (wake < Infinity) this.wakeAt(wake, now);
    if (!this.pending.length && !this.inFlight.size) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /**
   * Resolves when a request to `key` may be written, counting it then: the transport awaits this
   * immediately before its request, so the limits hold where Teams counts, whatever rendering,
   * the disk or the token took. Waiting requests go in order, except one whose conversation is at
   * its own limit, which lets the others by.
   */
  private passGate(key: string, written: () => void): Promise<void> {
    return new Promise((go) => {
      this.gate.push({
        key,
        go: () => {
          written();
          go();
        },
      });
      this.openGate();
    });
  }

  private openGate(): void {
    const now = this.clock.now().getTime();
    let wake = this.pausedUntil > now ? this.pausedUntil : Infinity;
    let passed = false;
    for (let i = 0; wake === Infinity && i < this.gate.length; ) {
      const global = this.limiter.globalWait(now);
      if (global > 0) {
        wake = now + global;
        break;
      }
      const w = this.gate[i];
      const keyWait = this.limiter.keyWait(w.key, now);
      if (keyWait > 0) {
        wake = Math.min(wake, now + keyWait);
        i++;
        continue;
      }
      this.gate.splice(i, 1);
      this.limiter.record(w.key, now);
      w.go();
      passed = true;
    }
    // The next ones may be prepared now.
    if (passed) this.pump();
    if (!this.gate.length || wake === Infinity) return;
    if (this.gateTimer && this.gateTimerAt <= wake) return;
    if (this.gateTimer) this.timers.clearTimeout(this.gateTimer);
    this.gateTimerAt = wake;
    this.gateTimer = this.timers.setTimeout(() => {
      this.gateTimer = null;
      this.gateTimerAt = Infinity;
      this.openGate();
    }, Math.max(1, Math.ceil(wake - now)));
  }

  /** The card a request is about: a send makes the card named by its own id; a change names the card it changes. */
  private cardOf(d: Delivery): string {
    return d.op === 'send' ? d.id : (d.replaces ?? `activity:${d.targetActivityId ?? d.id}`);
  }

  /**
   * Whether the update or delete at pending[i] may go: not while another request for its card is
   * in flight, nor while the send that makes the card is unsettled (an edit made while a send was
   * on its way queues an update that does not know the card's activity id yet). Once that send
   * is settled the change gets its activity id, or is dropped if the card never arrived.
   */
  private changeReady(d: Delivery, i: number): 'go' | 'wait' | 'dropped' {
    if (this.busyCards.has(this.cardOf(d))) return 'wait';
    if (d.targetActivityId || !d.replaces) return 'go';
    const records = this.opened.get(d.campaign);
    if (!records) return 'go';
    const base = records.get(d.replaces);
    if (base?.status === 'queued' || base?.status === 'sending') return 'wait';
    this.pending.splice(i, 1);
    if (base?.status === 'sent' && base.activityId) {
      this.pending.splice(i, 0, { ...d, targetActivityId: base.activityId, targetConversationId: base.conversationId });
      return 'go';
    }
    const p = this.finish(records, d, { status: 'superseded', lastError: `the card it would change was never delivered (${base?.status ?? 'no record'})` })
      .catch((e) => this.log.error('delivery.process_failed', { ...this.ref(d), error: e as Error }))
      .finally(() => {
        this.inFlight.delete(p);
        this.pump();
      });
    this.inFlight.add(p);
    return 'dropped';
  }

  private wakeAt(at: number, now: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) this.timers.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(1, at - now));
  }

  /** One attempt; `release` gives the request's place back as soon as Teams has answered, before the bookkeeping. */
  private async process(d: Delivery, key: string, written: () => void, release: () => void): Promise<void> {
    const records = await this.campaign(d.campaign);
    const install = this.people.installationOf(d.personId);
    const unreachable = this.people.unreachable?.(d.personId);
    if (unreachable) return this.finish(records, d, { status: 'failed', lastError: unreachable });
    if (!install || install.status === 'uninstalled') return this.finish(records, d, { status: 'not-installed', lastError: install ? undefined : this.reach?.whyNot(d.personId) });
    if (install.status === 'blocked') return this.finish(records, d, { status: 'blocked' });
    const attempt: Delivery = { ...d, status: 'sending', attempts: d.attempts + 1, updatedAt: this.now() };
    if (this.forgotten.has(d.id)) return;
    await records.put(attempt);
    let result: { activityId?: string; conversationId?: string };
    let gated = false;
    try {
      result = await this.transport.deliver(attempt, install, () => {
        gated = true;
        return this.passGate(key, written);
      });
    } catch (e) {
      release();
      this.answered(e instanceof TransportError && e.kind === 'throttled');
      return this.failed(records, attempt, e);
    }
    release();
    this.answered(false);
    // A transport must pass every request through the gate: one that did not went over no limit.
    if (!gated) this.log.error('delivery.ungated', { ...this.ref(d), op: d.op });
    // Outside the try: a failure to record a send that happened must never send it again.
    this.log.info('delivery.sent', { ...this.ref(d), op: d.op, attempts: attempt.attempts });
    await this.finish(records, attempt, { status: 'sent', activityId: result.activityId ?? attempt.targetActivityId, conversationId: result.conversationId, sentAt: this.now(), lastError: undefined });
  }

  private async failed(records: Collection<Delivery>, d: Delivery, e: unknown): Promise<void> {
    if (this.forgotten.has(d.id)) return this.outbox.remove(d.id);
    const err = e instanceof TransportError ? e : new TransportError('transient', (e as Error)?.message ?? String(e));
    const reason = `${err.kind}: ${err.message}`.slice(0, 300);
    this.log.warn('delivery.failed', { ...this.ref(d), failure: err.kind, attempts: d.attempts, retryAfterMs: err.retryAfterMs });
    switch (err.kind) {
      case 'blocked': {
        const onlyThisPost = await this.people.markInstallation(this.people.installationOf(d.personId)!.id, 'blocked', err.code);
        if (onlyThisPost) return this.finish(records, d, { status: 'failed', lastError: onlyThisPost });
        return this.finish(records, d, { status: 'blocked', lastError: reason });
      }
      case 'gone':
        await this.people.markInstallation(this.people.installationOf(d.personId)!.id, 'uninstalled');
        return this.finish(records, d, { status: 'not-installed', lastError: reason });
      case 'permanent':
        return this.finish(records, d, { status: 'failed', lastError: reason });
      case 'throttled': {
        // This send waits out Retry-After, and the attempt is not held against it. Everything else
        // waits too when 429s are a fair share of the last second's answers: Teams is slowing the
        // whole app. A lone 429 among successes is one conversation's limit, or noise; stopping the
        // whole broadcast for it would cost a second of sends each time.
        const wait = err.retryAfterMs ?? THROTTLE_DEFAULT_MS;
        if (this.appThrottled()) this.pausedUntil = Math.max(this.pausedUntil, this.clock.now().getTime() + wait);
        const retry: Delivery = { ...d, status: 'queued', attempts: d.attempts - 1, lastError: reason, notBefore: new Date(this.clock.now().getTime() + wait).toISOString(), updatedAt: this.now() };
        await this.keep(records, retry);
        return;
      }
      case 'transient': {
        if (d.attempts >= this.config.maxAttempts) return this.finish(records, d, { status: 'failed', lastError: reason });
        // 1 s, then 4 s, 1 min, 4 min, 16 min…: a blip costs a second, two in a row five (at 15 s,
        // one card hit twice by 1 % of 500s held the end of a 5,000-card broadcast back by 14 s),
        // and a Bot Connector outage of twenty minutes loses no reminder with the default six attempts.
        const backoff = d.attempts <= 1 ? FIRST_RETRY_MS : d.attempts === 2 ? SECOND_RETRY_MS : Math.min(MAX_BACKOFF_MS, THIRD_BACKOFF_MS * 4 ** (d.attempts - 3));
        const retry: Delivery = { ...d, status: 'queued', lastError: reason, notBefore: new Date(this.clock.now().getTime() + backoff).toISOString(), updatedAt: this.now() };
        await this.keep(records, retry);
      }
    }
  }

  private answered(throttled: boolean): void {
    const now = this.clock.now().getTime();
    this.answers.push({ at: now, throttled });
    while (this.answers.length && this.answers[0].at <= now - 1000) this.answers.shift();
  }

  private appThrottled(): boolean {
    const throttled = this.answers.filter((a) => a.throttled).length;
    return throttled >= APP_THROTTLED_SHARE * this.answers.length;
  }

  private async finish(records: Collection<Delivery>, d: Delivery, patch: Partial<Delivery>): Promise<void> {
    // Journaled in this order in one batch (one disk sync, not two): a crash keeps the outcome, or
    // the outbox entry too, never the entry's removal without the outcome.
    const recorded = this.forgotten.has(d.id) ? Promise.resolve() : records.put({ ...d, ...patch, notBefore: undefined, updatedAt: this.now() });
    await Promise.all([recorded, this.outbox.remove(d.id)]);
  }

  /** Puts a retry back in the queue, unless it was erased meanwhile. */
  private async keep(records: Collection<Delivery>, retry: Delivery): Promise<void> {
    if (this.forgotten.has(retry.id)) return this.outbox.remove(retry.id);
    await records.put(retry);
    this.pending.push(retry);
  }

  /** Every delivery record of one person, across every campaign (subject access). */
  async recordsFor(personId: string): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const name of await this.store.listPartitions('deliveries')) {
      out.push(...(await this.store.collection<Delivery>(name)).values().filter((d) => d.personId === personId));
    }
    return out;
  }

  /** Erases every delivery record of one person; one queued or in flight is not sent, or not recorded, after this. */
  async forget(personId: string): Promise<number> {
    let n = 0;
    for (const name of await this.store.listPartitions('deliveries')) {
      const records = await this.store.collection<Delivery>(name);
      n += await this.drop(records, records.values().filter((d) => d.personId === personId));
    }
    return n;
  }

  /** Retention: erases a whole campaign's delivery records (its item has ended long enough ago). */
  async dropCampaign(campaign: string): Promise<number> {
    const records = await this.campaign(campaign);
    return this.drop(records, records.values());
  }

  private async drop(records: Collection<Delivery>, list: Delivery[]): Promise<number> {
    const ids = new Set(list.map((d) => d.id));
    if (!ids.size) return 0;
    // Marked first, in the same step as taking them off the queue, so a send finishing later writes nothing back.
    for (const d of list) if (d.status === 'queued' || d.status === 'sending') this.forgotten.add(d.id);
    for (let i = this.pending.length - 1; i >= 0; i--) if (ids.has(this.pending[i].id)) this.pending.splice(i, 1);
    for (const id of ids) {
      await records.remove(id);
      await this.outbox.remove(id);
    }
    return ids.size;
  }
}
