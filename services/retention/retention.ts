import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DueWork } from '../scheduler.js';
import type { Collection, Doc } from '../store/store.js';
import { zonedParts } from '../zoned-time.js';

/**
 * One holder's retention rule: removes what it keeps past the partnership's periods (config
 * `retention`) and says how many of each kind went. Counts only: the job logs them.
 */
export interface RetentionSweep {
  readonly source: string;
  sweep(now: Date): Promise<Record<string, number>>;
}

/** The instant `months` calendar months before `now` (the 31st becomes the month's last day). */
export function monthsBefore(now: Date, months: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), last), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
}

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** Empties a collection (a partition that has served its time); returns how many records went. */
export async function removeAll(c: Collection<Doc>): Promise<number> {
  const ids = c.values().map((d) => d.id);
  for (const id of ids) await c.remove(id);
  return ids.length;
}

/**
 * The daily retention job on the shared scheduler: on the first run of each UK calendar day, every
 * holder removes what it keeps past its period. A holder that fails is logged and the others still
 * run; it is tried again the next day. Running twice in a day would remove nothing more.
 */
export class Retention implements DueWork {
  readonly name = 'retention';
  private readonly sweeps: RetentionSweep[] = [];
  private lastDay: string | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly log: Logger,
  ) {}

  add(sweep: RetentionSweep): void {
    if (this.sweeps.some((s) => s.source === sweep.source)) throw new Error(`retention for "${sweep.source}" added twice`);
    this.sweeps.push(sweep);
  }

  async tick(): Promise<number> {
    const now = this.clock.now();
    const day = zonedParts(now, this.timeZone).date;
    if (day === this.lastDay) return 0;
    this.lastDay = day;
    await this.runNow(now);
    return 0;
  }

  /** Runs every holder's sweep now; returns the counts by holder (for tests and the log). */
  async runNow(now = this.clock.now()): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    let total = 0;
    for (const s of this.sweeps) {
      try {
        out[s.source] = await s.sweep(now);
        const removed = Object.values(out[s.source]).reduce((a, b) => a + b, 0);
        total += removed;
        if (removed) this.log.info('retention.removed', { source: s.source, ...out[s.source] });
      } catch (e) {
        this.log.error('retention.failed', { source: s.source, error: e as Error });
      }
    }
    this.log.info('retention.ran', { removed: total });
    return out;
  }
}
