/**
 * Which Chromium the card renderer (tests and `npm run screenshots`) launches, so that `npm test`
 * needs nothing beyond Node and npm:
 *   1. $CHROMIUM_PATH, when it names a file;
 *   2. a Chromium or Chrome on the PATH (Debian's `chromium`, which .ci/run installs, and the like)
 *      or in its usual macOS place;
 *   3. else the Chromium packed inside the `@sparticuz/chromium` dev dependency, unpacked into the
 *      temporary folder on first use (about 10 s; later runs reuse it).
 * CARD_RENDER_BROWSER=bundled skips 1 and 2: it is how the fallback is checked on a machine that
 * has a Chromium (`npm run test:bundled-chromium`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

export interface ChromiumLaunch {
  /** Where it came from: an explicit path (renderer option or $CHROMIUM_PATH), the machine, or the package. */
  source: 'option' | 'CHROMIUM_PATH' | 'machine' | 'bundled';
  executablePath: string;
  args: string[];
  /** Environment for the browser process, when it needs more than ours. */
  env?: Record<string, string | undefined>;
}

type Env = Record<string, string | undefined>;

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const MAC_APPS = ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/** A Chromium already on this machine, or undefined. */
export function machineChromium(env: Env = process.env, exists: (file: string) => boolean = existsSync): string | undefined {
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => NAMES.map((name) => join(dir, name)));
  return [...onPath, ...MAC_APPS].find((file) => exists(file));
}

export interface ChooseOptions {
  exists?: (file: string) => boolean;
  /** The packaged fallback; tests of the choice replace it so as not to unpack 60 MB. */
  bundled?: () => Promise<ChromiumLaunch>;
}

/** Picks the browser as the header says; `args` are only what that browser needs to run here. */
export async function chooseChromium(env: Env = process.env, opts: ChooseOptions = {}): Promise<ChromiumLaunch> {
  const exists = opts.exists ?? existsSync;
  const mode = env.CARD_RENDER_BROWSER?.trim() || 'auto';
  if (mode !== 'auto' && mode !== 'bundled') throw new Error(`CARD_RENDER_BROWSER is "${mode}": use "bundled" (the @sparticuz/chromium package) or leave it unset`);
  if (mode === 'auto') {
    const named = env.CHROMIUM_PATH?.trim();
    if (named && exists(named)) return { source: 'CHROMIUM_PATH', executablePath: named, args: [] };
    const found = machineChromium(env, exists);
    if (found) return { source: 'machine', executablePath: found, args: [] };
  }
  return (opts.bundled ?? bundledChromium)();
}

/** The Chromium inside @sparticuz/chromium, with its own flags, NSS libraries and fonts. */
export async function bundledChromium(): Promise<ChromiumLaunch> {
  const { default: packed, inflate } = await import('@sparticuz/chromium');
  const pkgDir = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..');
  const major = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0];
  // The package's NSS and expat, which a machine without a browser of its own may lack; the
  // package itself only uses them on Amazon Linux. Its fonts make text look the same everywhere.
  const libs = await inflate(join(pkgDir, 'bin', 'al2023.tar.br'));
  const env = { ...process.env, LD_LIBRARY_PATH: [join(libs, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(delimiter) };
  let executablePath = await packed.executablePath();
  // The package reuses any file already unpacked at that path: one left by another version, or
  // cut short by an interrupted first run, is unpacked again.
  if (!versionIs(executablePath, major, env)) {
    rmSync(executablePath, { force: true });
    executablePath = await packed.executablePath();
    if (!versionIs(executablePath, major, env)) throw new Error(`${executablePath} is not Chromium ${major} from @sparticuz/chromium; delete it and run again`);
  }
  const fonts = await inflate(join(pkgDir, 'bin', 'fonts.tar.br'));
  return { source: 'bundled', executablePath, args: packed.args, env: { ...env, FONTCONFIG_PATH: fonts } };
}

function versionIs(executable: string, major: string, env: Env): boolean {
  try {
    return new RegExp(`\\b${major}\\.`).test(execFileSync(executable, ['--version'], { env, encoding: 'utf8', timeout: 10_000 }));
  } catch {
    return false;
  }
}
