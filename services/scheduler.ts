import type { Logger } from './logger.js';

/** Something that decides, when asked, what has fallen due and queues it. Safe to call at any time. */
export interface DueWork {
  readonly name: string;
  tick(): Promise<number>;
}

/**
 * Runs every job on an interval and on demand. A job that throws is logged and the others still
 * run, so one bad meeting or cycle never stops reminders for the rest.
 */
export class Scheduler {
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  private readonly jobs: DueWork[] = [];
  private readonly background = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  /** Adds a job; each feature adds its own when it opens. A name used twice is a wiring mistake. */
  add(job: DueWork): void {
    if (this.jobs.some((j) => j.name === job.name)) throw new Error(`scheduler job "${job.name}" added twice`);
    this.jobs.push(job);
  }

  /** Runs all jobs once; overlapping calls share one run. Returns how many messages were queued. */
  runNow(): Promise<number> {
    this.running ??= this.runAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Starts a run without waiting for it: for a card press, which Teams waits about 15 s for, while
   * a run may include Graph reads with timeouts of their own. What falls due goes through the queue.
   */
  runSoon(why: string): void {
    this.inBackground(why, () => this.runNow());
  }

  /**
   * Work a card press starts and does not wait for (it reports through the delivery queue).
   * A failure is logged, never unhandled; shutdown waits for the work before the store closes.
   */
  inBackground(why: string, work: () => Promise<unknown>): void {
    const p: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (e) => this.log.error('scheduler.background_failed', { why, error: e as Error }),
      )
      .finally(() => this.background.delete(p));
    this.background.add(p);
  }

  /** Resolves once no run and no background work is under way. */
  async idle(): Promise<void> {
    while (this.running || this.background.size) await Promise.allSettled([this.running, ...this.background]);
  }

  start(intervalMs: number): void {
    this.interval = setInterval(() => void this.runNow(), intervalMs);
    this.interval.unref();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
  }

  private async runAll(): Promise<number> {
    let queued = 0;
    for (const job of this.jobs) {
      try {
        queued += await job.tick();
      } catch (e) {
        this.log.error('scheduler.job_failed', { job: job.name, error: e as Error });
      }
    }
    return queued;
  }
}
