import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { open } from 'node:fs/promises';
import path from 'node:path';
import sinon from 'sinon';
import { silentLogger } from '../../services/logger.js';
import { FileStore } from '../../services/store/file-store.js';
import { canListOpenFiles, openFilesUnder } from '../support/open-files.js';

interface Answer {
  id: string;
  n: number;
}

describe('FileStore (journal + collection files)', () => {
  let dir: string;
  let stores: FileStore[] = [];
  /** A store on the test folder, closed after the test (a store opened "after a crash" included). */
  const storeOn = (folder: string) => {
    const s = new FileStore(folder, { log: silentLogger });
    stores.push(s);
    return s;
  };
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'store-'))));
  afterEach(async () => {
    for (const s of stores.reverse()) await s.close();
    stores = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every change that was confirmed, without a checkpoint, when a new process opens the folder', async () => {
    const a = storeOn(dir);
    const c = await a.collection<Answer>('rsvps/m1');
    await Promise.all(Array.from({ length: 200 }, (_, i) => c.put({ id: `p${i}`, n: i })));
    await c.remove('p7');
    // No flush: as if the process died right after confirming.
    const b = storeOn(dir);
    const again = await b.collection<Answer>('rsvps/m1');
    assert.equal(again.size(), 199);
    assert.equal(again.get('p199')?.n, 199);
    assert.equal(again.get('p7'), undefined);
    assert.deepEqual(await b.listPartitions('rsvps'), ['rsvps/m1']);
  });

  it('ignores a torn last line left by a crash mid-append', async () => {
    const a = storeOn(dir);
    await (await a.collection<Answer>('people')).put({ id: 'x', n: 1 });
    const journal = path.join(dir, 'journal', readdirSync(path.join(dir, 'journal')).find((f) => f.endsWith('.log'))!);
    appendFileSync(journal, '{"c":"people","op":"put","id":"y","doc":{"id":"y","n"');
    const b = storeOn(dir);
    const people = await b.collection<Answer>('people');
    assert.equal(people.get('x')?.n, 1);
    assert.equal(people.get('y'), undefined);
  });

  it('writes collection files and drops the journal at a checkpoint, while changes keep arriving', async () => {
    const a = storeOn(dir);
    const c = await a.collection<Answer>('rsvps/m2');
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 500; i++) {
      writes.push(c.put({ id: `p${i % 50}`, n: i }));
      if (i % 100 === 0) writes.push(a.checkpoint());
    }
    await Promise.all(writes);
    await a.flush();
    const file = JSON.parse(readFileSync(path.join(dir, 'rsvps', 'm2.json'), 'utf8'));
    assert.equal(Object.keys(file.items).length, 50);
    assert.equal(file.items.p49.n, 499);
    const logs = readdirSync(path.join(dir, 'journal'));
    assert.equal(logs.length, 1, 'only the current, empty journal is left');
    assert.equal(readFileSync(path.join(dir, 'journal', logs[0]), 'utf8'), '');
    const b = storeOn(dir);
    assert.equal((await b.collection<Answer>('rsvps/m2')).get('p0')?.n, 450);
  });

  it('confirms a burst of changes with a few disk syncs, not one each', async () => {
    const a = storeOn(dir);
    const collections = await Promise.all(Array.from({ length: 50 }, (_, i) => a.collection<Answer>(`rsvps/m${i}`)));
    const probe = await open(path.join(dir, 'probe'), 'w');
    const syncs = sinon.spy(Object.getPrototypeOf(probe), 'datasync');
    await probe.close();
    try {
      await Promise.all(collections.map((c, i) => c.put({ id: 'p', n: i })));
    } finally {
      syncs.restore();
    }
    assert.ok(syncs.callCount >= 1 && syncs.callCount <= 3, `${syncs.callCount} syncs for 50 changes`);
    const text = readFileSync(path.join(dir, 'journal', readdirSync(path.join(dir, 'journal'))[0]), 'utf8');
    assert.equal(text.trim().split('\n').length, 50, 'all fifty changes are in the journal');
    await a.flush();
  });

  it('closes its journal file at close, and opens no file again afterwards', async function () {
    if (!canListOpenFiles) this.skip(); // open files are read from Linux's /proc
    const a = storeOn(dir);
    const c = await a.collection<Answer>('people');
    await c.put({ id: 'x', n: 1 });
    assert.equal(openFilesUnder(dir).length, 1, 'the journal is open while the store is in use');
    await a.close();
    assert.deepEqual(openFilesUnder(dir), []);
    await assert.rejects(c.put({ id: 'y', n: 2 }), /is closed/);
    await assert.rejects(a.checkpoint(), /is closed/, 'a late checkpoint does not open a new journal');
    assert.deepEqual(openFilesUnder(dir), []);
  });
});
