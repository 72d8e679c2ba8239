/**
 * A store under load, in its own process: puts (and some deletes) as fast as the journal
 * confirms them, checkpointing often, and prints the highest n whose changes are all confirmed.
 * Runs until killed. Usage: node --import tsx test/support/busy-writer.ts <dataDir>
 */
import { silentLogger } from '../../services/logger.js';
import { FileStore } from '../../services/store/file-store.js';
import { busyCollection, busyRecord } from './busy-records.js';

const dir = process.argv[2];
const store = new FileStore(dir, { log: silentLogger });
const last = await store.collection<{ id: string; n: number }>('busy-last');
let n = 0;
for (;;) {
  const batch: Promise<void>[] = [];
  for (let k = 0; k < 20; k++) {
    const m = ++n; // the puts below run after this loop: each needs its own number
    batch.push(store.collection(busyCollection(m)).then((c) => c.put(busyRecord(m))));
    if (m % 10 === 0) batch.push(store.collection(busyCollection(m - 5)).then((c) => c.remove(`r${m - 5}`)));
  }
  batch.push(last.put({ id: 'last', n }));
  await Promise.all(batch);
  process.stdout.write(`${n}\n`);
  // Often, so that backups race checkpoints that rewrite files and drop journals.
  if (n % 200 === 0) void store.checkpoint();
}
