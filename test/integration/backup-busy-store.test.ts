import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../services/logger.js';
import { readBackupFile, isJournalFile } from '../../services/store/backup-file.js';
import { writeBackup } from '../../services/store/backup.js';
import { FileStore } from '../../services/store/file-store.js';
import { restoreBackup } from '../../services/store/restore.js';
import { busyCollection, busyDeleted, busyRecord } from '../support/busy-records.js';

const clock = { now: () => new Date('2025-05-23T09:30:00Z') };

describe('backup of a store another process is writing', function () {
  this.timeout(120000);
  let tmp: string;
  let writer: ChildProcess | undefined;
  before(() => (tmp = mkdtempSync(path.join(tmpdir(), 'nscp-busy-'))));
  after(() => {
    writer?.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('restores every change confirmed before the backup began, intact, with no torn file', async () => {
    const dir = path.join(tmp, 'live');
    writer = spawn(process.execPath, ['--import', 'tsx', 'test/support/busy-writer.ts', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let confirmed = 0;
    let errors = '';
    let buffered = '';
    writer.stdout!.on('data', (d) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      if (lines.length) confirmed = Number(lines.at(-1));
    });
    writer.stderr!.on('data', (d) => (errors += d));
    const exited = new Promise<never>((_, reject) => writer!.once('exit', (code) => reject(new Error(`the writer stopped (${code}): ${errors}`))));
    const reach = async (n: number) => {
      while (confirmed < n) await Promise.race([new Promise((r) => setTimeout(r, 20)), exited]);
    };

    await reach(2000);
    const taken: Array<{ file: string; before: number }> = [];
    let attempts = 0;
    for (let round = 0; round < 4; round++) {
      const before = confirmed;
      const file = path.join(tmp, `round-${round}.backup`);
      // Rounds 2 and 3 copy slowly (as a large store would) on their first attempt, so a checkpoint lands mid-copy.
      const slow = async (attempt: number) => {
        attempts++;
        if (round >= 2 && attempt === 0) await reach(confirmed + 400);
      };
      await writeBackup(dir, file, clock, { filesRead: slow });
      taken.push({ file, before });
      // Still busy: the backups raced a stream of changes, not a quiet folder.
      await reach(confirmed + 1000);
    }
    writer.kill('SIGKILL');

    for (const { file, before } of taken) {
      assert.equal((statSync(file).mode & 0o777).toString(8), '600');
      const backup = await readBackupFile(file);
      for (const [rel, data] of backup.files) {
        if (!isJournalFile(rel)) continue;
        const text = data.toString('utf8');
        assert.ok(text === '' || text.endsWith('\n'), `${rel} ends mid-line`);
        for (const line of text.split('\n').filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line), `${rel} holds a torn line`);
      }

      const restored = path.join(tmp, `restored-${path.basename(file)}`);
      await restoreBackup(file, restored, { log: silentLogger, clock });
      const store = new FileStore(restored, { log: silentLogger });
      const last = (await store.collection<{ id: string; n: number }>('busy-last')).get('last');
      assert.ok(last && last.n >= before, `the counter went back: ${last?.n} < ${before}`);
      let missing = 0;
      for (let n = 1; n <= before; n++) {
        const got = (await store.collection<ReturnType<typeof busyRecord>>(busyCollection(n))).get(`r${n}`);
        if (busyDeleted(n) && n + 5 <= before) assert.equal(got, undefined, `r${n} was deleted before the backup`);
        else if (!busyDeleted(n)) {
          if (!got) missing++;
          else assert.deepEqual(got, busyRecord(n), `r${n} is not intact`);
        }
      }
      assert.equal(missing, 0, `${missing} records confirmed before the backup are missing from ${path.basename(file)}`);
      // A state the store could be in after a crash: what the journal held, plus at most the one
      // batch of 20 the writer had not yet had confirmed; every record there is one it wrote.
      for (let p = 0; p < 4; p++) {
        for (const r of (await store.collection<ReturnType<typeof busyRecord>>(`busy/p${p}`)).values()) {
          assert.deepEqual(r, busyRecord(r.n));
          assert.ok(r.n <= last.n + 20, `r${r.n} is there but the counter says ${last.n}`);
        }
      }
      await store.close();
    }
    assert.ok(attempts > taken.length, 'a slow copy met a checkpoint and started again');
  });
});
