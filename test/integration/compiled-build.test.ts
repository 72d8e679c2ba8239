import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startArgs } from '../support/start-command.js';

/** `npm start` runs dist/ (built by `npm test`, and by npm install / npm ci through `prepare`). */
describe('the compiled build npm start runs', () => {
  it('starts from dist/, and its stack traces name the TypeScript source and line', () => {
    const args = startArgs();
    const entry = args.find((a) => !a.startsWith('-'))!;
    assert.equal(entry, 'dist/bot/index.js');
    assert.ok(existsSync(path.join(REPO_ROOT, entry)), `${entry} is missing: npm run build`);
    // Throw from compiled code with the start script's own Node flags: without source maps the
    // trace would name dist/services/config.js.
    const flags = args.filter((a) => a.startsWith('-'));
    const script = "const { loadConfig } = await import('./dist/services/config.js'); try { loadConfig({ PORT: 'eighty' }); } catch (e) { console.log(e.stack); }";
    const stack = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.match(stack, /PORT/);
    assert.match(stack, /services[\\/]config\.ts:\d+:\d+/, stack);
    assert.doesNotMatch(stack, /dist[\\/]services[\\/]config\.js/, stack);
  });
});
