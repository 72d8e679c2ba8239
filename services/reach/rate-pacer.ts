import type { Clock } from '../clock.js';

/** Waits: real timers in the bot, fake ones in tests. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Lets requests go evenly spaced, one every 1.03 / perSecond seconds, so no second holds more than
 * `perSecond` of them even when each reaches the server a few ms late (the 3 % is that slack; it
 * costs 3 % of the time). A timer that fires late is made up by a shorter next gap, never one
 * shorter than exactly the rate, so lateness does not add up over a thousand requests and a
 * stall is never followed by a burst. A 429's Retry-After holds every later request until it has
 * passed. Callers are served in the order they asked.
 */
export class RatePacer {
  /** When the next request may leave. */
  private due = -Infinity;
  private tail: Promise<void> = Promise.resolve();
  private readonly spacingMs: number;
  private readonly minGapMs: number;

  constructor(
    perSecond: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.spacingMs = 1030 / perSecond;
    this.minGapMs = 1000 / perSecond;
  }

  /** Resolves when the next request may leave. */
  turn(): Promise<void> {
    const mine = this.tail.then(() => this.wait());
    this.tail = mine.catch(() => undefined);
    return mine;
  }

  /** Graph said wait (429 Retry-After): nothing leaves before then. */
  holdFor(ms: number): void {
    this.due = Math.max(this.due, this.clock.now().getTime() + ms);
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      if (this.due <= now) break;
      await this.sleep(this.due - now);
    }
    const now = this.clock.now().getTime();
    this.due = Math.max(this.due + this.spacingMs, now + this.minGapMs);
  }
}
