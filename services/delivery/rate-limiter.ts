/** One send's place in the windows: when it is counted from. */
export interface Slot {
  at: number;
}

/**
 * Sliding one-second windows: at most `total` sends a second in all and `perKey` a second to
 * any one conversation, as Teams asks of bots. Exact, not a token-bucket approximation, because
 * Teams counts the same way and answers 429 to the first send over.
 *
 * Once a window is half full, sends are also spaced evenly (one every window / total, on a
 * schedule so a late timer is made up with a few at once rather than lost): a burst of 16 answers coming back together would
 * otherwise send 16 requests in the same ms, and a few ms of delay on their way to Teams then
 * puts a whole burst into the next second.
 *
 * A send is counted from when the queue lets it go, and moved to when its request actually
 * leaves (`leftAt`): rendering the card and building the connector client take a few ms that
 * vary, and counted from dispatch, two batches a second apart reached Teams 995 ms apart.
 */
export class SlidingWindowLimiter {
  private all: Slot[] = [];
  /** When the next send is due on the even schedule (the generic cell rate algorithm's TAT). */
  private due = -Infinity;
  private readonly byKey = new Map<string, Slot[]>();

  constructor(
    private readonly total: number,
    private readonly perKey: number,
    private readonly windowMs = 1000,
  ) {}

  /** Slots move later, so a list is not kept in order; it holds at most a second's sends. */
  private live(list: Slot[], now: number): Slot[] {
    return list.filter((s) => s.at > now - this.windowMs);
  }

  private waitIn(list: Slot[], limit: number, now: number): number {
    if (list.length < limit) return 0;
    const times = list.map((s) => s.at).sort((a, b) => a - b);
    return times[list.length - limit] + this.windowMs - now;
  }

  private get spacing(): number {
    return this.windowMs / this.total;
  }

  private globalWait(now: number): number {
    this.all = this.live(this.all, now);
    // Paced once the window is half full (a handful of sends after a quiet spell go at once), and
    // up to 2 sends early: what a timer firing late costs is made up, not lost, without a burst.
    const paced = this.all.length >= this.total / 2 ? this.due - 2 * this.spacing - now : 0;
    return Math.max(0, this.waitIn(this.all, this.total, now), paced);
  }

  /** 0 if a send to `key` may go now, else how many ms until it may. */
  waitFor(key: string, now: number): number {
    const all = this.globalWait(now);
    let mine = this.byKey.get(key);
    if (mine) {
      mine = this.live(mine, now);
      if (mine.length) this.byKey.set(key, mine);
      else this.byKey.delete(key);
    }
    return Math.max(all, mine ? this.waitIn(mine, this.perKey, now) : 0);
  }

  /** True when no key can send now (the window is full, or the last send was too recent). */
  saturated(now: number): boolean {
    return this.globalWait(now) > 0;
  }

  record(key: string, now: number): Slot {
    this.due = Math.max(this.due, now) + this.spacing;
    const slot = { at: now };
    this.all.push(slot);
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), slot]);
    return slot;
  }

  /** The send's request left at `at`: it counts from then. */
  leftAt(slot: Slot, at: number): void {
    slot.at = Math.max(slot.at, at);
  }
}
