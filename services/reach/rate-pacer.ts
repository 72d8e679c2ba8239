import type { Clock } from '../clock.js';

/** Waits: real timers in the bot, fake ones in tests. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Window a little over a second: a request is counted from when it leaves, but reaches Graph some
 * ms later, more or less (with both cores of the bench machine busy, answers to requests sent
 * 1,030 ms apart came back up to 50 ms closer), and Graph counts arrivals. 80 ms of slack costs
 * under 8 % of the time.
 */
const WINDOW_MS = 1080;

/**
 * At most `perSecond` requests start in any window of a little over a second: exact, as the
 * limit is counted, not a token-bucket approximation. Request n + perSecond waits for request n's
 * window to pass, so a timer that fires a few ms late delays one window, not every request after
 * it. Requests are also at least half an even gap apart: a whole second's worth leaving in the
 * same ms would reach Graph spread by connection set-up and scheduling, and the late ones of one
 * window would land in the next. A 429's Retry-After holds every later request until it has
 * passed. Callers are served in the order they asked.
 */
export class RatePacer {
  /** When the last `perSecond` requests started, oldest first. */
  private readonly starts: number[] = [];
  private heldUntil = 0;
  private readonly minGapMs: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.minGapMs = 500 / perSecond;
  }

  /** Resolves when the next request may leave; it is counted from then. */
  turn(): Promise<void> {
    const mine = this.tail.then(() => this.wait());
    this.tail = mine.catch(() => undefined);
    return mine;
  }

  /** Graph said wait (429 Retry-After): nothing leaves before then. */
  holdFor(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.clock.now().getTime() + ms);
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      const last = this.starts.at(-1);
      const freeAt = Math.max(this.heldUntil, last === undefined ? 0 : last + this.minGapMs, this.starts.length < this.perSecond ? 0 : this.starts[0] + WINDOW_MS);
      if (freeAt <= now) break;
      await this.sleep(freeAt - now);
    }
    this.starts.push(this.clock.now().getTime());
    if (this.starts.length > this.perSecond) this.starts.shift();
  }
}
