import { open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDir } from './data-folder.js';
import type { OutboxEntry } from './outbox.js';

/** One change to one record. */
export interface JournalEntry {
  c: string;
  op: 'put' | 'del';
  id: string;
  doc?: unknown;
  /** The replica's outbox entry this change caused, made durable in the same line (outbox.ts). */
  o?: OutboxEntry;
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

const FILE = /^journal-(\d+)\.log$/;

/**
 * A write-ahead journal with group commit. Every change is appended as one JSON line; changes
 * that arrive while a flush is on disk are written together by the next, with one fdatasync
 * for all of them. A change is durable when its append resolves, so a burst of presses across
 * many meetings costs a few disk syncs rather than one rewritten file each.
 */
export class Journal {
  private handle: FileHandle | null = null;
  private gen = 0;
  /** Journal files on disk, oldest first. */
  private files: number[] = [];
  private batch: string[] = [];
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  private bytes = 0;

  constructor(private readonly dir: string) {}

  /** Reads what earlier runs journaled (oldest first) and starts a new journal file for this run. */
  async open(): Promise<{ entries: JournalEntry[]; gens: number[] }> {
    await makePrivateDir(this.dir);
    const gens = (await readdir(this.dir))
      .map((f) => FILE.exec(f))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const entries: JournalEntry[] = [];
    for (const g of gens) {
      const text = await readFile(this.file(g), 'utf8');
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          entries.push(JSON.parse(line) as JournalEntry);
        } catch {
          // A torn last line from a crash mid-append: that change was never confirmed to anyone.
        }
      }
    }
    this.gen = (gens.at(-1) ?? 0) + 1;
    this.handle = await open(this.file(this.gen), 'a', 0o600);
    this.files = [...gens, this.gen];
    return { entries, gens };
  }

  private file(gen: number): string {
    return path.join(this.dir, `journal-${gen}.log`);
  }

  /** Bytes journaled since the last rotation: the store checkpoints when this grows. */
  size(): number {
    return this.bytes;
  }

  append(entry: JournalEntry): Promise<void> {
    const line = JSON.stringify(entry) + '\n';
    this.batch.push(line);
    this.bytes += line.length;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.flushing ??= this.flushLoop();
    return done;
  }

  private async flushLoop(): Promise<void> {
    // Let every change made in this tick join the batch before it goes to disk.
    await new Promise<void>((r) => setImmediate(r));
    while (this.batch.length) {
      const lines = this.batch;
      const waiters = this.waiters;
      this.batch = [];
      this.waiters = [];
      try {
        const handle = this.handle;
        if (!handle) throw new Error('journal is closed');
        await handle.write(lines.join(''));
        await handle.datasync();
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
    // Cleared in the same step that saw the batch empty, so no append can slip between the two.
    this.flushing = null;
  }

  /** Waits for every append so far to be on disk. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Starts a new journal file; returns the older ones, to delete once a checkpoint covers them. */
  async rotate(): Promise<number[]> {
    // Once closed, stay closed: a late checkpoint must not open a file nobody will close.
    if (!this.handle) throw new Error('journal is closed');
    const gen = this.gen + 1;
    const next = await open(this.file(gen), 'a', 0o600);
    // Swap in one step: appends never meet a closed file. A flush already writing to the old
    // file finishes there before it is closed.
    const old = this.handle;
    this.handle = next;
    this.gen = gen;
    this.bytes = 0;
    const older = this.files;
    this.files = [gen];
    await this.idle();
    await old?.close();
    return older;
  }

  /** A checkpoint that failed: its journal files stay, to go with the next one that succeeds. */
  restore(gens: number[]): void {
    this.files = [...new Set([...gens, ...this.files])].sort((a, b) => a - b);
  }

  async remove(gens: number[]): Promise<void> {
    await Promise.all(gens.map((g) => rm(this.file(g), { force: true })));
    this.files = this.files.filter((g) => !gens.includes(g));
  }

  async close(): Promise<void> {
    await this.idle();
    await this.handle?.close();
    this.handle = null;
  }
}
