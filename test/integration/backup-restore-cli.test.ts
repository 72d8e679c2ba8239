import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../services/logger.js';
import { FileStore } from '../../services/store/file-store.js';

/** Runs scripts/<name>.ts as `npm run <name>` does; resolves with its exit code and output. */
function script(name: 'backup' | 'restore', args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { env: { ...process.env, DATA_DIR: dataDir } }, (e, stdout, stderr) => {
      resolve({ code: e ? Number(e.code) : 0, stdout, stderr: stderr.split('\n').filter((l) => l && !/DeprecationWarning|--trace-deprecation/.test(l)).join('\n') });
    });
  });
}

describe('npm run backup / restore with bad input', function () {
  this.timeout(120000);
  let tmp: string;
  let dir: string;
  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'nscp-cli-'));
    dir = path.join(tmp, 'data');
    const store = new FileStore(dir, { log: silentLogger });
    await (await store.collection<{ id: string }>('people')).put({ id: 'kept' });
    await store.close();
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('says in one line what to fix, exits 1, and changes nothing', async () => {
    const before = readdirSync(dir);
    const people = readFileSync(path.join(dir, 'people.json'), 'utf8');
    writeFileSync(path.join(tmp, 'notes.txt'), 'not a backup');
    const cases: Array<[Promise<{ code: number; stdout: string; stderr: string }>, string]> = [
      [script('backup', [], dir), 'Backup not written: Give one file to write the backup to: npm run backup -- <file>'],
      [script('restore', [], dir), 'Not restored: Give the backup file to restore: npm run restore -- <file>'],
      [script('restore', [path.join(tmp, 'nope.backup')], dir), `Not restored: cannot read ${path.join(tmp, 'nope.backup')} (ENOENT): give the path of a backup file made by npm run backup.`],
      [script('restore', [tmp], dir), `Not restored: cannot read ${tmp} (EISDIR): give the path of a backup file made by npm run backup.`],
      [script('restore', [path.join(tmp, 'notes.txt')], dir), `Not restored: ${path.join(tmp, 'notes.txt')} is not a backup made by npm run backup: give the path of one.`],
      [script('backup', [path.join(tmp, 'notes.txt')], dir), `Backup not written: ${path.join(tmp, 'notes.txt')} already exists: give a new file name (a backup never overwrites one).`],
    ];
    for (const [ran, message] of cases) {
      const r = await ran;
      assert.equal(r.code, 1, message);
      assert.equal(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.deepEqual(readdirSync(dir), before);
    assert.equal(readFileSync(path.join(dir, 'people.json'), 'utf8'), people);
    assert.equal(readFileSync(path.join(tmp, 'notes.txt'), 'utf8'), 'not a backup');
  });
});
