/**
 * Sliding one-second windows: at most `total` sends a second in all and `perKey` a second to
 * any one conversation, as Teams asks of bots. Exact, not a token-bucket approximation, because
 * Teams counts the same way and answers 429 to the first send over.
 */
export class SlidingWindowLimiter {
  private readonly all: number[] = [];
  private readonly byKey = new Map<string, number[]>();

  constructor(
    private readonly total: number,
    private readonly perKey: number,
    private readonly windowMs = 1000,
  ) {}

  private trim(list: number[], now: number): void {
    while (list.length && list[0] <= now - this.windowMs) list.shift();
  }

  /** 0 if a send to `key` may go now, else how many ms until it may. */
  waitFor(key: string, now: number): number {
    this.trim(this.all, now);
    const mine = this.byKey.get(key);
    if (mine) {
      this.trim(mine, now);
      if (!mine.length) this.byKey.delete(key);
    }
    let wait = 0;
    if (this.all.length >= this.total) wait = Math.max(wait, this.all[this.all.length - this.total] + this.windowMs - now);
    if (mine && mine.length >= this.perKey) wait = Math.max(wait, mine[mine.length - this.perKey] + this.windowMs - now);
    return wait;
  }

  /** True when the global window is full, so no key can send now. */
  saturated(now: number): boolean {
    this.trim(this.all, now);
    return this.all.length >= this.total;
  }

  record(key: string, now: number): void {
    this.all.push(now);
    const mine = this.byKey.get(key) ?? [];
    mine.push(now);
    this.byKey.set(key, mine);
  }
}
