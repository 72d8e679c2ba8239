import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_MARKER, DemoFolderError, prepareDemoFolder } from '../../scripts/demo-folder.js';

describe('the demo data folder', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'nscp-demo-folder-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('is ./data-demo by default, made and marked on first use, then reused', async () => {
    assert.deepEqual(await prepareDemoFolder({}, cwd, false), { dir: path.join(cwd, 'data-demo'), reused: false });
    assert.ok(existsSync(path.join(cwd, 'data-demo', DEMO_MARKER)));
    writeFileSync(path.join(cwd, 'data-demo', 'people.json'), '{}');
    assert.deepEqual(await prepareDemoFolder({}, cwd, false), { dir: path.join(cwd, 'data-demo'), reused: true });
    assert.ok(existsSync(path.join(cwd, 'data-demo', 'people.json')));
  });

  it('starts over with --fresh, keeping nothing from before', async () => {
    await prepareDemoFolder({ DEMO_DATA_DIR: 'demo' }, cwd, false);
    writeFileSync(path.join(cwd, 'demo', 'people.json'), '{}');
    assert.equal((await prepareDemoFolder({ DEMO_DATA_DIR: 'demo' }, cwd, true)).reused, false);
    assert.ok(!existsSync(path.join(cwd, 'demo', 'people.json')));
    assert.ok(existsSync(path.join(cwd, 'demo', DEMO_MARKER)));
  });

  it('never uses the folder npm start uses, wherever DATA_DIR points', async () => {
    await assert.rejects(prepareDemoFolder({ DEMO_DATA_DIR: './data' }, cwd, true), DemoFolderError);
    await assert.rejects(prepareDemoFolder({ DEMO_DATA_DIR: '/srv/nscp', DATA_DIR: '/srv/nscp' }, cwd, false), DemoFolderError);
    await assert.rejects(prepareDemoFolder({ DEMO_DATA_DIR: '.' }, cwd, false), DemoFolderError);
  });

  it('refuses, and deletes nothing in, a folder the demo did not make', async () => {
    mkdirSync(path.join(cwd, 'elsewhere'));
    writeFileSync(path.join(cwd, 'elsewhere', 'people.json'), '{"real":true}');
    await assert.rejects(prepareDemoFolder({ DEMO_DATA_DIR: 'elsewhere' }, cwd, true), /was not made by the demo/);
    assert.ok(existsSync(path.join(cwd, 'elsewhere', 'people.json')));
  });
});
