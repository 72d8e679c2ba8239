import type { Clock } from '../clock.js';
import type { Delivery, NewDelivery } from '../delivery/deliveries.js';
import type { DeliveryQueue } from '../delivery/delivery-queue.js';
import type { Logger } from '../logger.js';
import type { DueWork } from '../scheduler.js';
import type { SharedServices } from '../shared-services.js';
import type { Collection } from '../store/store.js';
import { UserFacingError } from '../validation.js';

/**
 * The campaign engine: "ask an audience something by a deadline". A campaign is one record of a
 * feature's (a Section 11 cycle, a JAGS session, …); the engine opens it, prompts everyone in
 * its audience who has not answered, reminds them by the feature's rules, lets the business unit
 * chase now, and closes it — by hand, or by itself when the feature gives a closing time.
 *
 * Every message it queues has a deterministic id, so running the tick again (after a restart,
 * or every few minutes) never sends twice, and whatever fell due while the bot was down goes on
 * the next run.
 */

/** What a feature built on campaigns is opened with. */
export type CampaignFeatureDeps = Pick<SharedServices, 'store' | 'people' | 'queue' | 'config' | 'clock' | 'log'>;

export type CampaignStatus = 'scheduled' | 'open' | 'closed';

export interface CampaignRecord {
  id: string;
  status: CampaignStatus;
}

/**
 * One person asked, and the answer they give. Usually the answer is their own (`answerKey` is the
 * person); an organisation's co-leads share one (`answerKey` is the organisation), so when one
 * of them answers, none of them is prompted, reminded or chased again.
 */
export interface Recipient {
  personId: string;
  answerKey: string;
}

/** A reminder that falls due at one instant; each is sent at most once per person. */
export interface ReminderRule {
  /** Part of the delivery id: the same rule never reminds the same person twice. */
  id: string;
  dueAt: number;
  /**
   * Whether someone whose prompt is recorded like this may be reminded now. By default: only if
   * they were prompted before the rule fell due, so nobody is reminded straight after a prompt.
   */
  eligible?: (prompt: Delivery, now: number) => boolean;
}

export interface CampaignSpec<C extends CampaignRecord> {
  /** Names the campaign's deliveries (`<name>-<id>`) and its log events. */
  name: string;
  records: Collection<C>;
  /** Delivery kinds, each rendered by the feature; without a chase kind the campaign cannot be chased. */
  kinds: { prompt: string; reminder: string; chase?: string };
  /** Who is asked, worked out on every run so people added later are included. */
  audience(c: C): Recipient[];
  /** Every answer key taking part, including any with nobody to ask just now; by default the audience's. */
  answerKeys?(c: C): string[];
  /** Whether a chase can reach this person now (e.g. has the app); by default everyone is tried. */
  canReach?(personId: string): boolean;
  /** Which answer keys have answered. */
  answered(c: C): Promise<(answerKey: string) => boolean>;
  reminderRules(c: C): ReminderRule[];
  /** No reminder goes after this instant (e.g. the deadline, when late answers stay welcome). */
  remindUntil?(c: C): number;
  /** For a campaign created 'scheduled': when it opens, and the record once opened. */
  opening?: { at(c: C): number; open(c: C, now: number): C };
  /**
   * Whether someone who joined the audience after the campaign opened (nobody prompted them when
   * it did) is prompted now; by default everyone is. A newsletter sends a late joiner only the
   * latest issue, for instance, not every one still open.
   */
  admitLate?(c: C, personId: string, now: number): boolean;
  /** When it closes by itself; without one it is closed only by hand. */
  closesAt?(c: C): number | undefined;
  /** The record once closed (the feature adds its own fields, e.g. when). */
  close(c: C, now: number): C;
  /** After closing, someone is told the result (e.g. the facilitators' summary), until `until`. */
  afterClose?: { kind: string; to(c: C): string[]; until(c: C): number };
  /** The feature's words for refusals. */
  words: { notFound: string; closed: string; notInCampaign: string };
}

/** Rows a status card shows at a time: more makes a card people scroll past in Teams. */
export const STATUS_PAGE_SIZE = 15;

/** One page of rows (already in order), the page clamped to those that exist. */
export function pageOf<T>(rows: T[], page: unknown, size = STATUS_PAGE_SIZE): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, Math.floor(Number(page)) || 0), pages - 1);
  return { rows: rows.slice(p * size, (p + 1) * size), page: p, pages };
}

export class Campaigns<C extends CampaignRecord> implements DueWork {
  readonly name: string;

  constructor(
    private readonly spec: CampaignSpec<C>,
    private readonly queue: DeliveryQueue,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.name = spec.name;
  }

  /** The campaign, or a refusal that says it does not exist (card data is untrusted). */
  get(id: unknown): C {
    const c = typeof id === 'string' && id ? this.spec.records.get(id) : undefined;
    if (!c) throw new UserFacingError(this.spec.words.notFound, 'not-found');
    return c;
  }

  all(): C[] {
    return this.spec.records.values();
  }

  /** The delivery campaign a record's messages are kept under. */
  deliveryCampaign(c: C): string {
    return `${this.spec.name}-${c.id}`;
  }

  /** Retention: the records of every message this campaign sent, once its item has ended long enough ago. */
  forgetDeliveries(c: C): Promise<number> {
    return this.queue.dropCampaign(this.deliveryCampaign(c));
  }

  /** The audience less those whose answer is in. */
  async waiting(c: C): Promise<Recipient[]> {
    const answered = await this.spec.answered(c);
    return this.spec.audience(c).filter((r) => !answered(r.answerKey));
  }

  /** Closes by hand (after the business unit confirmed): nobody is prompted, reminded or chased again. */
  async close(id: unknown): Promise<C> {
    const c = this.get(id);
    if (c.status === 'closed') return c;
    const closed = this.spec.close(c, this.clock.now().getTime());
    await this.spec.records.put(closed);
    this.log.info(`${this.spec.name}.closed`, { id: c.id, by: 'hand' });
    return closed;
  }

  /** Chases everyone still waiting now (or only those sharing one answer key). A double press within a minute sends once. */
  async chase(id: unknown, onlyKey?: string): Promise<number> {
    const c = this.get(id);
    const kind = this.spec.kinds.chase;
    if (!kind) throw new Error(`${this.spec.name} campaigns have no chase message`);
    if (c.status !== 'open') throw new UserFacingError(this.spec.words.closed, 'closed');
    if (onlyKey && !(this.spec.answerKeys?.(c) ?? this.spec.audience(c).map((r) => r.answerKey)).includes(onlyKey)) throw new UserFacingError(this.spec.words.notInCampaign, 'not-found');
    const stamp = this.clock.now().toISOString().slice(0, 16);
    const canReach = (id: string) => this.spec.canReach?.(id) ?? true;
    const who = (await this.waiting(c)).filter((r) => (!onlyKey || r.answerKey === onlyKey) && canReach(r.personId));
    const queued = await this.queue.enqueue(who.map((r) => this.delivery(c, r.personId, kind, `${stamp}:${r.personId}`)));
    this.log.info(`${this.spec.name}.chased`, { id: c.id, queued });
    return queued;
  }

  /** Opens, prompts, reminds, closes and tells: whatever is due now, for every campaign. Safe to run at any time. */
  async tick(): Promise<number> {
    let queued = 0;
    for (const c of this.all()) queued += await this.tickOne(c);
    return queued;
  }

  async tickOne(found: C): Promise<number> {
    const now = this.clock.now().getTime();
    let c = found;
    let justOpened = false;
    if (c.status === 'scheduled' && this.spec.opening && now >= this.spec.opening.at(c)) {
      c = this.spec.opening.open(c, now);
      await this.spec.records.put(c);
      justOpened = true;
      this.log.info(`${this.spec.name}.opened`, { id: c.id });
    }
    const closesAt = this.spec.closesAt?.(c);
    if (c.status === 'open' && closesAt !== undefined && now >= closesAt) {
      c = this.spec.close(c, now);
      await this.spec.records.put(c);
      this.log.info(`${this.spec.name}.closed`, { id: c.id, by: 'deadline' });
    }
    if (c.status === 'open') return this.promptAndRemind(c, now, justOpened);
    const after = this.spec.afterClose;
    if (c.status === 'closed' && after && now < after.until(c)) {
      return this.queue.enqueue(after.to(c).map((personId) => this.delivery(c, personId, after.kind, personId)));
    }
    return 0;
  }

  private async promptAndRemind(c: C, now: number, justOpened: boolean): Promise<number> {
    const { prompt, reminder } = this.spec.kinds;
    const rule = this.dueReminder(c, now);
    const lateRule = !justOpened && !!this.spec.admitLate;
    const needPrompts = !!rule || lateRule;
    const prompts = needPrompts ? new Map((await this.queue.records(this.deliveryCampaign(c))).filter((d) => d.kind === prompt).map((d) => [d.personId, d])) : new Map<string, Delivery>();
    let waiting = await this.waiting(c);
    // Everyone in the audience when it opened is prompted then; anyone without a prompt since joined late.
    if (lateRule) waiting = waiting.filter((r) => prompts.has(r.personId) || !!this.spec.admitLate?.(c, r.personId, now));
    const items = waiting.map((r) => this.delivery(c, r.personId, prompt, r.personId));
    if (rule) {
      const eligible = rule.eligible ?? ((p: Delivery) => Date.parse(p.queuedAt) < rule.dueAt);
      for (const r of waiting) {
        const p = prompts.get(r.personId);
        if (p && eligible(p, now)) items.push(this.delivery(c, r.personId, reminder, `${rule.id}:${r.personId}`));
      }
    }
    return this.queue.enqueue(items);
  }

  /** Only the latest rule that has fallen due: after downtime nobody gets a string of old reminders. */
  private dueReminder(c: C, now: number): ReminderRule | undefined {
    if (this.spec.remindUntil && now > this.spec.remindUntil(c)) return undefined;
    return this.spec
      .reminderRules(c)
      .filter((r) => r.dueAt <= now)
      .sort((a, b) => b.dueAt - a.dueAt)[0];
  }

  private delivery(c: C, personId: string, kind: string, idTail: string): NewDelivery {
    return { id: `${kind}:${c.id}:${idTail}`, campaign: this.deliveryCampaign(c), personId, kind, op: 'send', subjectId: c.id };
  }
}
