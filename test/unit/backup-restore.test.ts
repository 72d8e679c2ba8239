import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../services/logger.js';
import { BackupError } from '../../services/store/backup-file.js';
import { writeBackup } from '../../services/store/backup.js';
import { DataFolderLock, DataFolderLockedError } from '../../services/store/data-folder-lock.js';
import { FileStore } from '../../services/store/file-store.js';
import { restoreBackup } from '../../services/store/restore.js';

const clock = { now: () => new Date('2025-05-23T09:30:00.000Z') };
interface Rec {
  id: string;
  v: string;
}

/** Every file under dir with its content, to show a refused restore changed nothing. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

describe('Backup and restore of a data folder', () => {
  let tmp: string;
  let source: string;
  let backup: string;
  beforeEach(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'backup-'));
    source = path.join(tmp, 'source');
    backup = path.join(tmp, 'one.backup');
    const store = new FileStore(source, { log: silentLogger });
    await (await store.collection<Rec>('people')).put({ id: 'p1', v: 'from the backup' });
    await store.checkpoint();
    // Left in the journal only: the restored store must replay it.
    await (await store.collection<Rec>('rsvps/mtg-1')).put({ id: 'a', v: 'journaled' });
    await writeBackup(source, backup, clock);
    await store.close();
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('restores over an existing store, replacing its records, and the folder opens with what was backed up', async () => {
    const target = path.join(tmp, 'target');
    const old = new FileStore(target, { log: silentLogger });
    await (await old.collection<Rec>('people')).put({ id: 'p9', v: 'replaced' });
    await (await old.collection<Rec>('deliveries/meeting-x')).put({ id: 'd', v: 'replaced' });
    await old.close();
    const report = await restoreBackup(backup, target, { log: silentLogger, clock });
    assert.equal(report.header.createdAt, '2025-05-23T09:30:00.000Z');
    assert.equal(report.header.from, source);
    assert.equal(report.collections, 1);
    assert.ok(report.journals >= 1);
    assert.equal(report.replaced, 3, 'people.json, the partition file and one journal');
    assert.ok(!existsSync(path.join(target, 'deliveries')), 'records only the old store had are gone');
    assert.deepEqual(readdirSync(target).filter((f) => f.startsWith('.')), [], 'no lock, marker or staging left');
    const store = new FileStore(target, { log: silentLogger });
    const people = await store.collection<Rec>('people');
    assert.deepEqual(people.values(), [{ id: 'p1', v: 'from the backup' }]);
    assert.equal((await store.collection<Rec>('rsvps/mtg-1')).get('a')?.v, 'journaled');
    assert.deepEqual(await store.listPartitions('deliveries'), []);
    await store.close();
  });

  it('writes the backup 0600, and never over an existing file', async () => {
    assert.equal((statSync(backup).mode & 0o777).toString(8), '600');
    const before = readFileSync(backup, 'utf8');
    await assert.rejects(writeBackup(source, backup, clock), (e: unknown) => e instanceof BackupError && e.message.includes(`${backup} already exists: give a new file name`));
    assert.equal(readFileSync(backup, 'utf8'), before);
    await assert.rejects(writeBackup(source, path.join(tmp, 'no-such-folder', 'x.backup'), clock), /no-such-folder does not exist: create it/);
    await assert.rejects(writeBackup(path.join(tmp, 'empty'), path.join(tmp, 'two.backup'), clock), /holds no store files \(or does not exist\): set DATA_DIR/);
    await assert.rejects(writeBackup(backup, path.join(tmp, 'two.backup'), clock), /one\.backup is a file, not a folder: set DATA_DIR/);
    assert.ok(!existsSync(path.join(tmp, 'two.backup')));
  });

  it('refuses a file that is not a whole backup, saying what is wrong, and changes nothing', async () => {
    const target = path.join(tmp, 'target');
    const store = new FileStore(target, { log: silentLogger });
    await (await store.collection<Rec>('people')).put({ id: 'keep', v: 'me' });
    await store.close();
    const untouched = tree(target);
    const lines = readFileSync(backup, 'utf8').split('\n');
    const bad = (name: string, text: string) => {
      writeFileSync(path.join(tmp, name), text);
      return path.join(tmp, name);
    };
    const cases: Array<[string, RegExp]> = [
      [path.join(tmp, 'missing.backup'), /cannot read .*missing\.backup \(ENOENT\): give the path of a backup file/],
      [tmp, /cannot read .* \(EISDIR\)/],
      [bad('notes.txt', 'hello'), /notes\.txt is not a backup made by npm run backup/],
      [bad('cut.backup', lines.slice(0, -2).join('\n')), /cut\.backup is damaged or incomplete \(it ends early\)/],
      [bad('edited.backup', lines.map((l, i) => (i === 1 ? l.replace(/"data":"./, '"data":"A') : l)).join('\n')), /edited\.backup is damaged or incomplete \(its checksum does not match/],
      [bad('escape.backup', lines.map((l, i) => (i === 1 ? l.replace(/"path":"[^"]+"/, '"path":"../../etc/x.json"') : l)).join('\n')), /holds "..\/..\/etc\/x.json", which is not a store file/],
      [bad('future.backup', lines.map((l, i) => (i === 0 ? l.replace('"version":1', '"version":2') : l)).join('\n')), /a backup in format 2, which this version \(format 1\) cannot read/],
    ];
    for (const [file, message] of cases) {
      await assert.rejects(restoreBackup(file, target, { log: silentLogger }), (e: unknown) => {
        assert.ok(e instanceof BackupError, `${file}: ${(e as Error).message}`);
        assert.match(e.message, message);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      });
      assert.deepEqual(tree(target), untouched, `${path.basename(file)} changed the folder`);
    }
  });

  it('refuses to empty a folder that holds files that are not the store’s', async () => {
    const home = path.join(tmp, 'home');
    mkdirSync(path.join(home, 'Documents'), { recursive: true });
    writeFileSync(path.join(home, 'notes.txt'), 'mine');
    writeFileSync(path.join(home, 'people.json'), '{"items":{}}');
    await assert.rejects(restoreBackup(backup, home, { log: silentLogger }), (e: unknown) => e instanceof BackupError && e.message.includes(`${home} holds Documents and 1 more, which is not part of a bot data folder`));
    assert.deepEqual(tree(home), { 'notes.txt': 'mine', 'people.json': '{"items":{}}' });
  });

  it('refuses while another process holds the folder, naming the folder and the holder, and changes nothing', async () => {
    const target = path.join(tmp, 'target');
    mkdirSync(target);
    // The parent process (the test runner's shell or npm) is alive on this host: a bot as far as the lock can tell.
    const bot = { pid: process.ppid, hostname: hostname(), processStart: 1 };
    await DataFolderLock.acquire(target, { log: silentLogger, clock, self: bot });
    const untouched = tree(target);
    await assert.rejects(restoreBackup(backup, target, { log: silentLogger }), (e: unknown) => {
      assert.ok(e instanceof DataFolderLockedError, String(e));
      assert.ok(e.message.includes(target));
      assert.ok(e.message.includes(`pid ${process.ppid} on ${hostname()}, started 2025-05-23T09:30:00.000Z`), e.message);
      return true;
    });
    assert.deepEqual(tree(target), untouched);
  });

  it('a bot refuses a folder whose restore was cut short, and restoring again repairs it', async () => {
    const target = path.join(tmp, 'target');
    await restoreBackup(backup, target, { log: silentLogger });
    // As a restore killed mid-swap leaves it: the marker, and new files still in their staging folder.
    writeFileSync(path.join(target, '.restore-incomplete'), '{}');
    mkdirSync(path.join(target, '.restore-0f1e2d3c', 'rsvps'), { recursive: true });
    writeFileSync(path.join(target, '.restore-0f1e2d3c', 'rsvps', 'mtg-1.json'), '{"items":{}}');
    const store = new FileStore(target, { log: silentLogger });
    await assert.rejects(store.check(), /a restore into data folder .* was interrupted.*Run npm run restore again with the same backup file/);
    assert.ok(!existsSync(path.join(target, '.lock')), 'the refused store let go of the folder');
    await assert.rejects(writeBackup(target, path.join(tmp, 'half.backup'), clock), /a restore into .* is under way or was cut short/);
    assert.ok(!existsSync(path.join(tmp, 'half.backup')));
    await restoreBackup(backup, target, { log: silentLogger });
    assert.deepEqual(readdirSync(target).filter((f) => f.startsWith('.')), [], 'marker and staging cleared');
    const again = new FileStore(target, { log: silentLogger });
    assert.equal((await again.collection<Rec>('people')).get('p1')?.v, 'from the backup');
    await again.close();
  });
});
