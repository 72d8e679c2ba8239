import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../services/logger.js';
import { FileStore } from '../../services/store/file-store.js';

/** Every folder and file under dir (dir included), with its permission bits. */
function modes(dir: string): Array<{ rel: string; dir: boolean; mode: number }> {
  const out = [{ rel: '.', dir: true, mode: statSync(dir).mode & 0o777 }];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      out.push({ rel: path.relative(dir, full), dir: e.isDirectory(), mode: statSync(full).mode & 0o777 });
      if (e.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

describe('Data folder permissions', () => {
  let parent: string;
  let umask: number;
  beforeEach(() => {
    parent = mkdtempSync(path.join(tmpdir(), 'modes-'));
    // No umask to lean on: every mode must be asked for explicitly.
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(parent, { recursive: true, force: true });
  });

  it('creates the data folder and every folder in it 0700, and every file 0600', async () => {
    const dir = path.join(parent, 'nested', 'data');
    const store = new FileStore(dir);
    await store.check();
    await (await store.collection<{ id: string }>('people')).put({ id: 'a' });
    await (await store.collection<{ id: string }>('rsvps/mtg-1')).put({ id: 'a' });
    await store.checkpoint();
    await (await store.collection<{ id: string }>('deliveries/meeting-1')).put({ id: 'b' });
    await store.flush();
    const seen = modes(dir);
    const files = seen.filter((e) => !e.dir).map((e) => e.rel);
    for (const expected of ['.lock', 'people.json', path.join('rsvps', 'mtg-1.json')]) assert.ok(files.includes(expected), `${expected} written`);
    assert.ok(files.some((f) => f.startsWith('journal')), 'journal written');
    assert.ok(seen.some((e) => e.dir && e.rel === 'deliveries'));
    for (const e of seen) assert.equal(e.mode.toString(8), (e.dir ? 0o700 : 0o600).toString(8), `${e.rel} (${e.dir ? 'folder' : 'file'})`);
    await store.close();
  });

  it('closes up a data folder and subfolders an earlier version left 0755, and logs that it did', async () => {
    const dir = path.join(parent, 'data');
    mkdirSync(path.join(dir, 'rsvps'), { recursive: true });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'rsvps'), 0o755);
    const logs: string[] = [];
    const store = new FileStore(dir, { log: createLogger('info', (l) => logs.push(l)) });
    await store.check();
    assert.equal((statSync(dir).mode & 0o777).toString(8), '700');
    assert.equal((statSync(path.join(dir, 'rsvps')).mode & 0o777).toString(8), '700');
    const tightened = logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'store.folder_mode_tightened');
    assert.deepEqual(tightened.map((e) => [e.folder, e.was]), [
      [dir, '755'],
      [path.join(dir, 'rsvps'), '755'],
    ]);
    await store.close();
  });
});
