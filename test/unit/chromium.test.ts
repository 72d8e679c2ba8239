import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startCardRenderer } from '../support/card-renderer.js';
import { bundledChromium, chooseChromium, type ChromiumLaunch } from '../support/chromium.js';

const packaged: ChromiumLaunch = { source: 'bundled', executablePath: '/tmp/packaged-chromium', args: ['--packaged'] };
const bundled = async () => packaged;
const onlyThese = (...files: string[]) => (file: string) => files.includes(file);

describe('which Chromium renders the cards', () => {
  it('takes $CHROMIUM_PATH when it exists, else a Chromium on the PATH, else the packaged one', async () => {
    const env = { PATH: '/opt/other:/opt/browsers', CHROMIUM_PATH: '/srv/my-chromium' };
    assert.deepEqual(await chooseChromium(env, { exists: onlyThese('/srv/my-chromium', '/opt/browsers/chromium'), bundled }), { source: 'CHROMIUM_PATH', executablePath: '/srv/my-chromium', args: [] });
    assert.deepEqual(await chooseChromium(env, { exists: onlyThese('/opt/browsers/chromium-browser'), bundled }), { source: 'machine', executablePath: '/opt/browsers/chromium-browser', args: [] });
    assert.deepEqual(await chooseChromium(env, { exists: onlyThese(), bundled }), packaged);
  });

  it('uses only the packaged one with CARD_RENDER_BROWSER=bundled, and refuses an unknown value', async () => {
    const env = { PATH: '/usr/bin', CHROMIUM_PATH: '/usr/bin/chromium' };
    assert.deepEqual(await chooseChromium({ ...env, CARD_RENDER_BROWSER: 'bundled' }, { exists: onlyThese('/usr/bin/chromium'), bundled }), packaged);
    await assert.rejects(chooseChromium({ ...env, CARD_RENDER_BROWSER: 'firefox' }, { exists: onlyThese('/usr/bin/chromium'), bundled }), /CARD_RENDER_BROWSER/);
  });

  it('renders a card with the Chromium inside @sparticuz/chromium, as on a machine with no browser of its own', async function () {
    this.timeout(180000); // the first run on a machine unpacks about 200 MB
    const renderer = await startCardRenderer({ launch: await bundledChromium() });
    try {
      const pkgDir = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..');
      const major = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0];
      assert.equal(renderer.browser.source, 'bundled');
      assert.equal(renderer.browser.version.split('.')[0], major);
      const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'LSCG South, Friday 23 May 2025, 10:30', wrap: true }] };
      const result = await renderer.render(card);
      assert.deepEqual(result.errors, []);
      assert.match(result.text, /LSCG South, Friday 23 May 2025, 10:30/);
      assert.ok(result.size.height > 0, 'the card took up room on the page');
    } finally {
      await renderer.close();
    }
  });
});
