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
    this.runNow().catch((e) => this.log.error('scheduler.run_failed', { why, error: e as Error }));
  }

  /** Resolves once no run is under way (shutdown waits for it before the store closes). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
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
