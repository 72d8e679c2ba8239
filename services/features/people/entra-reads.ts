import type { Clock } from '../../clock.js';
import type { DeliveryQueue } from '../../delivery/delivery-queue.js';
import type { Scheduler } from '../../scheduler.js';
import type { EntraGroups, GroupRefresh } from './entra-groups.js';

/** The delivery kind that brings an on-demand read from Entra to the chat of whoever pressed Refresh. */
export const ENTRA_READ_KIND = 'entra-read';
/** Reads kept in memory for their cards: a few presses' worth (after a restart the card shows what waits). */
const KEPT = 20;

/**
 * Refresh from Entra, pressed: every bound group is read one after another, each page with its
 * own timeout, which together can outlast the ~15 s Teams waits for a press. So the press only
 * starts the read; when it ends, the result goes to the presser's chat through the delivery queue.
 * Someone pressing while a read is under way is told with the same card when it ends.
 */
export class EntraReads {
  private readonly results = new Map<string, GroupRefresh[]>();
  private current: { id: string; tell: Set<string> } | null = null;

  constructor(
    private readonly entraGroups: EntraGroups,
    private readonly queue: Pick<DeliveryQueue, 'enqueue'>,
    private readonly scheduler: Pick<Scheduler, 'inBackground'>,
    private readonly clock: Clock,
    private readonly campaign: string,
  ) {}

  /** Starts reading every bound group for `by`; the card goes to `personId` when it ends. */
  start(by: string, personId: string): { groups: number; alreadyReading: boolean } {
    const groups = this.entraGroups.bound().length;
    if (this.current) {
      this.current.tell.add(personId);
      return { groups, alreadyReading: true };
    }
    const read = { id: `${this.clock.now().toISOString()}:${by}`, tell: new Set([personId]) };
    this.current = read;
    this.scheduler.inBackground('entra.read', async () => {
      let outcomes: GroupRefresh[];
      try {
        outcomes = await this.entraGroups.refreshAll(by);
      } finally {
        this.current = null;
      }
      this.results.set(read.id, outcomes);
      for (const old of [...this.results.keys()].slice(0, Math.max(0, this.results.size - KEPT))) this.results.delete(old);
      await this.queue.enqueue([...read.tell].map((p) => ({ id: `entra-read:${read.id}:${p}`, campaign: this.campaign, personId: p, kind: ENTRA_READ_KIND, op: 'send' as const, subjectId: read.id })));
    });
    return { groups, alreadyReading: false };
  }

  /** What a read found, as it was read; undefined once forgotten (a restart, or many reads since). */
  result(readId: string): GroupRefresh[] | undefined {
    return this.results.get(readId);
  }
}
