/**
 * Paces SharePoint requests to the app's resource-unit budget (a create, update or delete costs
 * 2 units, a read 1; the smallest tenants get 1,200 a minute per app), so the replica never runs
 * into throttling instead of recovering from it. Two rules together:
 *  - an exact sliding minute: what was spent in the last 60 s plus what is asked stays under
 *    `share` of the budget (SharePoint counts over a sliding window too);
 *  - even spacing: units are spread over the minute, a batch at a time, not spent in a burst at
 *    the start of it that would leave the tenant's other apps nothing.
 * A Retry-After pauses everything until it has passed: SharePoint throttles the app, not a request.
 */
export class ResourcePacer {
  private spent: Array<{ at: number; units: number }> = [];
  private inWindow = 0;
  /** When the next unit is due on the even schedule. */
  private due = -Infinity;
  private pausedUntil = -Infinity;
  private readonly limit: number;
  private readonly msPerUnit: number;

  constructor(
    perMinute: number,
    /** What may be spent early on the even schedule: one full batch. */
    private readonly burst = 40,
    share = 0.95,
    private readonly windowMs = 60_000,
  ) {
    this.limit = Math.max(1, Math.floor(perMinute * share));
    this.msPerUnit = windowMs / this.limit;
  }

  private expire(now: number): void {
    while (this.spent.length && this.spent[0].at <= now - this.windowMs) this.inWindow -= this.spent.shift()!.units;
  }

  /** 0 when `units` may be spent now, else how many ms until they may. */
  waitFor(units: number, now: number): number {
    this.expire(now);
    let window = 0;
    if (this.inWindow + units > this.limit) {
      // Wait until enough of the oldest spending has left the window.
      let over = this.inWindow + units - this.limit;
      for (const s of this.spent) {
        over -= s.units;
        if (over <= 0) {
          window = s.at + this.windowMs - now;
          break;
        }
      }
    }
    const even = this.due - this.burst * this.msPerUnit - now;
    return Math.max(0, window, even, this.pausedUntil - now);
  }

  spend(units: number, now: number): void {
    if (units <= 0) return;
    this.spent.push({ at: now, units });
    this.inWindow += units;
    this.due = Math.max(this.due, now) + units * this.msPerUnit;
  }

  /** A Retry-After: nothing goes before `until`. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Units spent in the last minute (for the state and the bench). */
  spentInLastMinute(now: number): number {
    this.expire(now);
    return this.inWindow;
  }
}

/** SharePoint's documented costs: a read 1 unit, a create, update or delete 2. */
export function resourceUnits(method: string): number {
  return method === 'GET' ? 1 : 2;
}
