import type { Clock } from '../clock.js';

/** Waits: real timers in the bot, fake ones in tests. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * A request is counted from when it leaves, but reaches Graph some ms later, more or less, and
 * Graph counts arrivals: with both cores of the bench machine busy, requests that left 1,050 ms
 * apart arrived up to 60 ms closer. So the schedule spaces requests for 1.03 s a window (3 % of
 * the time), and the hard cap counts them in 1.1 s windows, so that catching up after a late
 * timer never brings them closer than that.
 */
const SCHEDULE_MS = 1030;
const WINDOW_MS = 1100;
/** How far behind its even schedule the pacer may run and still catch up with requests closer together. */
const CATCH_UP_MS = 100;

/**
 * Requests leave on an even schedule, one every 1.03 / perSecond seconds, and never more than
 * `perSecond` in any window of 1.1 s (exact, as the limit is counted: request n + perSecond waits
 * for request n's window to pass). The schedule is absolute, so timers that fire a few ms late are
 * made up by the next gaps instead of adding up over a thousand requests; the window stops that
 * catching up from ever going over the rate. A 429's Retry-After holds every later request until
 * it has passed. Callers are served in the order they asked.
 */
export class RatePacer {
  /** When the last `perSecond` requests started, oldest first. */
  private readonly starts: number[] = [];
  private heldUntil = 0;
  private nextSlot = -Infinity;
  private readonly spacingMs: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.spacingMs = SCHEDULE_MS / perSecond;
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
      const windowFree = this.starts.length < this.perSecond ? 0 : this.starts[0] + WINDOW_MS;
      const freeAt = Math.max(this.heldUntil, this.nextSlot, windowFree);
      if (freeAt <= now) break;
      await this.sleep(freeAt - now);
    }
    const now = this.clock.now().getTime();
    this.starts.push(now);
    if (this.starts.length > this.perSecond) this.starts.shift();
    // After a pause (idle, or a Retry-After) the schedule starts again from now, not from long ago.
    this.nextSlot = Math.max(this.nextSlot, now - CATCH_UP_MS) + this.spacingMs;
  }
}
