import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DueWork } from '../scheduler.js';
import type { Collection, Doc, Store } from '../store/store.js';
import { shiftDate, wallClockOn, zonedParts } from '../zoned-time.js';

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

/** The quiet hour (UK time) the daily sweep runs at, or at the first scheduler run after it. */
export const RETENTION_RUNS_AT = '02:00';

interface LastRun {
  id: 'last-run';
  at: string;
}

/**
 * The daily retention job on the shared scheduler: once a day, at the first scheduler run at or
 * after 02:00 UK time, every holder removes what it keeps past its period. The time of the last
 * sweep is kept in the store, so a restart does not sweep again that day. The very first start
 * on a data folder only notes the time: an existing store's first, largest sweep happens at
 * 02:00, not while the bot is starting. A holder that fails is logged and the others still run;
 * running twice would remove nothing more.
 */
export class Retention implements DueWork {
  readonly name = 'retention';
  private readonly sweeps: RetentionSweep[] = [];

  private constructor(
    private readonly runs: Collection<LastRun>,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly log: Logger,
  ) {}

  static async open(s: { store: Store; clock: Clock; timeZone: string; log: Logger }): Promise<Retention> {
    return new Retention(await s.store.collection<LastRun>('retention'), s.clock, s.timeZone, s.log);
  }

  add(sweep: RetentionSweep): void {
    if (this.sweeps.some((s) => s.source === sweep.source)) throw new Error(`retention for "${sweep.source}" added twice`);
    this.sweeps.push(sweep);
  }

  /** The latest 02:00 UK at or before now. */
  private lastDue(now: Date): number {
    const today = zonedParts(now, this.timeZone).date;
    const due = wallClockOn(today, RETENTION_RUNS_AT, this.timeZone).getTime();
    return due <= now.getTime() ? due : wallClockOn(shiftDate(today, -1), RETENTION_RUNS_AT, this.timeZone).getTime();
  }

  async tick(): Promise<number> {
    const now = this.clock.now();
    const last = this.runs.get('last-run');
    if (!last) {
      await this.runs.put({ id: 'last-run', at: now.toISOString() });
      this.log.info('retention.first_start', { runsAt: RETENTION_RUNS_AT });
      return 0;
    }
    if (Date.parse(last.at) >= this.lastDue(now)) return 0;
    await this.runNow(now);
    await this.runs.put({ id: 'last-run', at: now.toISOString() });
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
