/**
 * Teams' limits, counted at the moment each request is written (the queue's gate calls `record`
 * then, after rendering, the durable "sending" record and the connector client's token): at most
 * `total` requests in any window in all, and `perKey` to any one conversation.
 *
 * Requests go one every window / total ms on a schedule (the generic cell rate algorithm's
 * theoretical arrival time), so they reach Teams evenly rather than in bursts; a timer that fires
 * late may make up at most two places at once. The exact sliding windows stay as the hard bound:
 * whatever the schedule allows, no window ever holds more than `total`.
 *
 * Teams counts arrivals, some ms after the write (more when either end's event loop or the
 * machine is busy): a window longer than a second by `window - 1000` ms absorbs that much
 * variation in delay. It costs the same share of the rate: 1,040 ms is 48.1 a second at 50.
 */
export class WriteTimeLimiter {
  private all: number[] = [];
  /** When the next request is due on the even schedule (GCRA's TAT). */
  private due = -Infinity;
  private readonly byKey = new Map<string, number[]>();

  constructor(
    private readonly total: number,
    private readonly perKey: number,
    private readonly windowMs = 1000,
  ) {}

  get spacing(): number {
    return this.windowMs / this.total;
  }

  /** Written times are recorded in order, so the oldest in a window is the first still in it. */
  private live(list: number[], now: number, windowMs: number): number[] {
    let i = 0;
    while (i < list.length && list[i] <= now - windowMs) i++;
    return i ? list.slice(i) : list;
  }

  private waitIn(list: number[], limit: number, windowMs: number, now: number): number {
    return list.length < limit ? 0 : list[list.length - limit] + windowMs - now;
  }

  /** 0 if any request may be written now as far as the whole app's limit goes, else ms until one may. */
  globalWait(now: number): number {
    this.all = this.live(this.all, now, this.windowMs);
    // Paced once the window is half full: a handful after a quiet spell go at once.
    const paced = this.all.length >= this.total / 2 ? this.due - 2 * this.spacing - now : 0;
    return Math.max(0, this.waitIn(this.all, this.total, this.windowMs, now), paced);
  }

  /** 0 if a request to `key` may be written now as far as its conversation's limit goes. */
  keyWait(key: string, now: number): number {
    let mine = this.byKey.get(key);
    if (!mine) return 0;
    mine = this.live(mine, now, this.windowMs);
    if (mine.length) this.byKey.set(key, mine);
    else this.byKey.delete(key);
    return this.waitIn(mine, this.perKey, this.windowMs, now);
  }

  /** 0 if a request to `key` may be written now, else how many ms until it may. */
  waitFor(key: string, now: number): number {
    return Math.max(this.globalWait(now), this.keyWait(key, now));
  }

  /** A request to `key` is being written now. */
  record(key: string, now: number): void {
    this.due = Math.max(this.due, now) + this.spacing;
    this.all.push(now);
    const mine = this.byKey.get(key);
    if (mine) mine.push(now);
    else this.byKey.set(key, [now]);
  }
}
