import { access, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Memory } from 'lowdb';
import type { Clock } from '../clock.js';
import { createLogger, type Logger } from '../logger.js';
import { DataFolderLock } from './data-folder-lock.js';
import { FILE_MODE, makePrivateDir, RESTORE_INCOMPLETE, tightenFolder } from './data-folder.js';
import { DurableJsonFile } from './durable-json-file.js';
import { Journal, type JournalEntry } from './journal.js';
import { KeyedCollection, type ChangeSink, type CollectionFile } from './keyed-collection.js';
import { OUTBOX, outboxKey, type OutboxEntry, type OutboxRule } from './outbox.js';
import { assertCollectionName, type Collection, type Doc, type Store } from './store.js';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';

/** Collections cached by name; a collection is loaded once even when asked for concurrently. */
abstract class CachingStore implements Store {
  /** Each collection at its own document type, kept here as plain Docs; collection<T>() hands it back at the T asked for. */
  private readonly open = new Map<string, Promise<KeyedCollection<Doc>>>();
  private outboxRule: OutboxRule | undefined;
  private outbox: KeyedCollection<OutboxEntry> | undefined;
  private revs = 0;
  private readonly run = randomBytes(4).toString('hex');

  constructor(protected readonly storeClock: Clock = systemClock) {}

  setOutbox(rule: OutboxRule): void {
    this.outboxRule = rule;
  }

  /** Opened with every other collection, so it is at hand (synchronously) when their changes arrive. */
  protected async openOutbox(name: string): Promise<void> {
    if (name !== OUTBOX && !this.outbox) this.outbox = (await this.collection<OutboxEntry>(OUTBOX)) as KeyedCollection<OutboxEntry>;
  }

  /** The outbox entry a change causes, already applied to the outbox in memory; the caller makes both durable together. */
  protected outboxEntry(collection: string, id: string): OutboxEntry | undefined {
    if (!this.outboxRule || collection === OUTBOX || !this.outbox) return undefined;
    const row = this.outboxRule(collection, id);
    if (!row) return undefined;
    const key = outboxKey(row.list, row.botId);
    // An anonymous record's entry tells neither when it came nor in which order: its rev is random.
    const entry: OutboxEntry = row.anonymous
      ? { id: key, list: row.list, botId: row.botId, c: collection, docId: id, rev: randomBytes(8).toString('hex') }
      : { id: key, list: row.list, botId: row.botId, c: collection, docId: id, since: this.outbox.get(key)?.since ?? this.storeClock.now().toISOString(), rev: `${this.run}-${++this.revs}` };
    this.outbox.replay('put', key, entry);
    return entry;
  }

  collection<T extends Doc>(name: string): Promise<Collection<T>> {
    assertCollectionName(name);
    let c = this.open.get(name);
    if (!c) {
      c = this.load<T>(name) as unknown as Promise<KeyedCollection<Doc>>;
      this.open.set(name, c);
      c.catch(() => this.open.delete(name));
    }
    return c as unknown as Promise<Collection<T>>;
  }

  protected loaded(name: string): Promise<KeyedCollection<Doc>> | undefined {
    return this.open.get(name);
  }

  protected opened(): string[] {
    return [...this.open.keys()];
  }

  protected abstract load<T extends Doc>(name: string): Promise<KeyedCollection<T>>;
  abstract listPartitions(prefix: string): Promise<string[]>;
  abstract check(): Promise<void>;
  abstract flush(): Promise<void>;
  abstract close(): Promise<void>;
}

export interface FileStoreOptions {
  /** Where a lock takeover or a loosened folder is reported; warnings only, by default. */
  log?: Logger;
  clock?: Clock;
}

const CHECKPOINT_EVERY_MS = 5_000;
const CHECKPOINT_AT_BYTES = 4 * 1024 * 1024;

/**
 * The embedded default: one JSON file per collection under DATA_DIR, plus a journal. A change
 * is durable once journaled (one fdatasync per batch of changes); collection files are
 * rewritten in the background every few seconds and at shutdown, then the journal is dropped.
 * On start, whatever the journal holds beyond the files is replayed into them.
 * Before reading anything it takes the folder's lock: a second process would overwrite these
 * files with its own memory and delete journals it did not write.
 */
export class FileStore extends CachingStore {
  private readonly journal: Journal;
  private replayed = new Map<string, JournalEntry[]>();
  private ready: Promise<void> | null = null;
  private dirty = new Set<string>();
  private checkpointing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lock: DataFolderLock | null = null;
  private closing: Promise<void> | null = null;
  /** Set once the journal is closed: nothing may touch the folder after its lock is let go. */
  private closed = false;
  private readonly log: Logger;

  constructor(
    private readonly dir: string,
    private readonly opts: FileStoreOptions = {},
  ) {
    super(opts.clock);
    this.journal = new Journal(path.join(dir, 'journal'));
    this.log = opts.log ?? createLogger('warn');
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await makePrivateDir(this.dir);
      this.lock = await DataFolderLock.acquire(this.dir, { log: this.log, clock: this.opts.clock });
      if (await exists(path.join(this.dir, RESTORE_INCOMPLETE))) {
        await this.lock.release();
        throw new Error(`a restore into data folder ${this.dir} was interrupted, so it holds part of a backup. Run npm run restore again with the same backup file.`);
      }
      await tightenFolder(this.dir, this.log);
      const { entries } = await this.journal.open();
      const replay = (e: JournalEntry) => this.replayed.set(e.c, [...(this.replayed.get(e.c) ?? []), e]);
      for (const e of entries) {
        replay(e);
        // The outbox entry rode in the same line as its change: both come back, or neither.
        if (e.o) replay({ c: OUTBOX, op: 'put', id: e.o.id, doc: e.o });
      }
      for (const name of this.replayed.keys()) this.dirty.add(name);
    })();
    return this.ready;
  }

  private readonly sink: ChangeSink = (collection, op, id, doc) => {
    if (this.closed) return Promise.reject(new Error(`the store for ${this.dir} is closed; the change to ${collection} was not saved`));
    this.dirty.add(collection);
    const o = this.outboxEntry(collection, id);
    if (o) this.dirty.add(OUTBOX);
    const done = this.journal.append(o ? { c: collection, op, id, doc, o } : { c: collection, op, id, doc });
    this.schedule();
    return done;
  };

  private schedule(): void {
    if (this.journal.size() > CHECKPOINT_AT_BYTES && !this.checkpointing) {
      this.checkpoint().catch(() => undefined);
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // A failed checkpoint loses nothing: the journal still holds every change, and is replayed on start.
      this.checkpoint().catch(() => undefined);
    }, CHECKPOINT_EVERY_MS);
    this.timer.unref();
  }

  protected async load<T extends Doc>(name: string): Promise<KeyedCollection<T>> {
    await this.init();
    const c = new KeyedCollection<T>(name, new DurableJsonFile<CollectionFile<T>>(path.join(this.dir, `${name}.json`)), this.sink);
    await c.load();
    for (const e of this.replayed.get(name) ?? []) c.replay(e.op, e.id, e.doc);
    await this.openOutbox(name);
    return c;
  }

  /** Rewrites every changed collection file, then drops the journal files they now cover. */
  checkpoint(): Promise<void> {
    this.checkpointing ??= (async () => {
      try {
        await this.init();
        // A checkpoint that runs late must not reopen a journal nobody would close.
        if (this.closed) throw new Error(`the store for ${this.dir} is closed; nothing was checkpointed`);
        if (!this.dirty.size) return;
        const covered = await this.journal.rotate();
        const names = [...this.dirty];
        this.dirty = new Set();
        try {
          // Journal entries for collections this run never opened are written out too before their journal goes.
          await Promise.all(names.map((n) => this.loaded(n) ?? this.collection(n)));
          for (const n of names) await ((await this.loaded(n)) as KeyedCollection<Doc>).snapshot();
        } catch (e) {
          // Keep every journal file: deleting a newer one while an older stays would replay old values on start.
          for (const n of names) this.dirty.add(n);
          this.journal.restore(covered);
          throw e;
        }
        await this.journal.remove(covered);
        this.replayed = new Map();
      } finally {
        this.checkpointing = null;
      }
    })();
    return this.checkpointing;
  }

  async listPartitions(prefix: string): Promise<string[]> {
    assertCollectionName(prefix);
    await this.init();
    let files: string[] = [];
    try {
      files = await readdir(path.join(this.dir, prefix));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const onDisk = files.filter((f) => f.endsWith('.json')).map((f) => `${prefix}/${f.slice(0, -5)}`);
    const known = [...this.opened(), ...this.replayed.keys()].filter((n) => n.startsWith(`${prefix}/`));
    return [...new Set([...onDisk, ...known])];
  }

  /** Takes the lock on first use (so start-up fails here when another process holds it), then probes. */
  async check(): Promise<void> {
    await this.init();
    await this.lock!.verify();
    const probe = path.join(this.dir, '.healthz');
    const stamp = String(Date.now());
    await writeFile(probe, stamp, { mode: FILE_MODE });
    if ((await readFile(probe, 'utf8')) !== stamp) throw new Error('store read back something else');
    await rm(probe, { force: true });
  }

  /** Waits for the journal, writes every collection file and stops the background timer. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.journal.idle();
    while (this.checkpointing) await this.checkpointing;
    await this.checkpoint();
  }

  /** Flushes, closes the journal and releases the folder. Changes after this are refused. Once only. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // A store that never opened the folder, or was refused it, has nothing to write or release.
      if (!this.ready) return;
      try {
        await this.ready;
      } catch {
        return;
      }
      try {
        await this.flush();
      } finally {
        // Even if the checkpoint failed: every change is in the journal, replayed on the next start.
        await this.journal.close();
        this.closed = true;
        await this.lock?.release();
      }
    })();
    return this.closing;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** For unit tests: the same behaviour with nothing on disk. */
export class MemoryStore extends CachingStore {
  constructor(clock?: Clock) {
    super(clock);
  }

  private readonly sink: ChangeSink = (collection, _op, id) => {
    this.outboxEntry(collection, id);
    return Promise.resolve();
  };

  protected async load<T extends Doc>(name: string): Promise<KeyedCollection<T>> {
    const c = new KeyedCollection<T>(name, new Memory<CollectionFile<T>>(), this.sink);
    await c.load();
    await this.openOutbox(name);
    return c;
  }

  async listPartitions(prefix: string): Promise<string[]> {
    return this.opened().filter((n) => n.startsWith(`${prefix}/`));
  }

  async check(): Promise<void> {}

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
