/**
 * Writes PNG screenshots of the main cards to docs/screenshots/, rendered by the official
 * Adaptive Cards renderer in headless Chromium with a Teams-like host config, from the same
 * realistic samples the render tests use (test/support/card-samples.ts).
 *
 *   npm run screenshots      (or: npx tsx scripts/card-screenshots.ts)
 *
 * Fails, writing nothing for that card, if a card has Adaptive Card errors.
 * Uses the same Chromium as the render tests (test/support/chromium.ts): $CHROMIUM_PATH, one
 * on the machine, else the one inside @sparticuz/chromium. No network.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '../manifest/png.js';
import { withCardRenderer, type ScreenshotOptions } from '../test/support/card-renderer.js';
import { cardSamples } from '../test/support/card-samples.js';
import { NEWSLETTER_IMAGE } from '../test/support/newsletter-card-samples.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(repoRoot, 'docs', 'screenshots');

/**
 * The cards ask Teams for full width (msteams.width "Full"), so they are shot at 600 px, a
 * typical Teams desktop chat pane, rather than the harness's 450 px chat-bubble default.
 */
const WIDTH = 600;

/** file name -> sample name (see cardSamples()). */
const SHOTS: Array<{ file: string; sample: string; opts?: ScreenshotOptions }> = [
  { file: 'reminder-card.png', sample: 'reminder-unanswered' },
  { file: 'reminder-answered.png', sample: 'reminder-answered-deputy' },
  { file: 'attendance-card.png', sample: 'attendance' },
  // Teams meetings: who joined (from Teams' attendance report) beside each reply, and the year's figures per LSCG and organisation.
  { file: 'attendance-teams-card.png', sample: 'attendance-teams' },
  { file: 'meetings-year-card.png', sample: 'meetings-year' },
  { file: 'meeting-form.png', sample: 'meeting-form-empty' },
  { file: 'menu-business-unit.png', sample: 'menu-business-unit' },
  { file: 'roster-preview.png', sample: 'roster-preview-problems' },
  // Section 11: a lead's return (a section partly answered), and the business unit's status page.
  { file: 's11-section-card.png', sample: 'form-s11-fcn' },
  { file: 's11-status-card.png', sample: 's11-status-chased' },
  // JAGS: the collated, anonymous feedback both facilitators get when the form closes.
  { file: 'jags-summary-card.png', sample: 'jags-summary' },
  // Newsletters: a champion's answered issue, the step before sending, and the sender's report.
  { file: 'newsletter-issue.png', sample: 'newsletter-issue-answered', opts: { assets: { [NEWSLETTER_IMAGE]: bannerImage() } } },
  { file: 'newsletter-confirm-send.png', sample: 'newsletter-confirm-send' },
  { file: 'newsletter-report.png', sample: 'newsletter-report' },
  { file: 'newsletter-compose.png', sample: 'newsletter-compose-errors' },
  // Channel posts: the count before sending, and the post as the team sees it.
  { file: 'newsletter-confirm-send-channels.png', sample: 'newsletter-confirm-send-channels' },
  { file: 'newsletter-channel-post.png', sample: 'newsletter-channel-post' },
];

/** A stand-in for the newsletter's banner image (the renderer has no network): a plain band of colour. */
function bannerImage(): string {
  const [w, h] = [600, 120];
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([0x1f + Math.floor((i % w) / 12), 0x6f, 0x8b, 0xff], i * 4);
  const file = join(mkdtempSync(join(tmpdir(), 'nscp-shots-')), 'banner.png');
  writeFileSync(file, encodePng(w, h, rgba));
  return file;
}

async function main(): Promise<void> {
  const samples = new Map(cardSamples().map((s) => [s.name, s.card]));
  await withCardRenderer(async (renderer) => {
    for (const shot of SHOTS) {
      const card = samples.get(shot.sample);
      if (!card) throw new Error(`No card sample named "${shot.sample}" (for ${shot.file})`);
      const file = join(outDir, shot.file);
      const result = await renderer.screenshot(card, file, { width: WIDTH, ...shot.opts });
      for (const w of result.warnings) console.warn(`  ${shot.file}: warning: ${w}`);
      console.log(`wrote ${relative(repoRoot, file)} (${Math.round(result.size.width)}×${Math.round(result.size.height)} px at 2x)`);
    }
  });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
