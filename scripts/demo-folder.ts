import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Written into a folder the demo created, so `--fresh` never empties a folder holding real data. */
export const DEMO_MARKER = '.nscp-demo';

export class DemoFolderError extends Error {}

/**
 * Where `npm run playground` keeps its demo partnership: DEMO_DATA_DIR, or ./data-demo. Never
 * the folder `npm start` uses, and never a folder the demo did not create, since seeding would
 * mix fictional people into it. With `fresh`, what the demo left there before is removed.
 */
export async function prepareDemoFolder(env: Record<string, string | undefined>, cwd: string, fresh: boolean): Promise<{ dir: string; reused: boolean }> {
  const dir = path.resolve(cwd, env.DEMO_DATA_DIR?.trim() || './data-demo');
  const live = path.resolve(cwd, env.DATA_DIR?.trim() || './data');
  if (dir === live || dir === path.resolve(cwd) || dir === path.parse(dir).root) {
    throw new DemoFolderError(`DEMO_DATA_DIR is ${dir}, which npm start or the project itself uses. Point it at a folder of its own, e.g. ./data-demo.`);
  }
  const entries = existsSync(dir) ? await readdir(dir) : [];
  if (entries.length && !entries.includes(DEMO_MARKER)) {
    throw new DemoFolderError(`${dir} is not empty and was not made by the demo (it has no ${DEMO_MARKER} file). Point DEMO_DATA_DIR at a new folder.`);
  }
  if (fresh && entries.length) await rm(dir, { recursive: true, force: true });
  // 0700 like every data folder: the store would otherwise tighten it and warn on first use.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, DEMO_MARKER), 'Made by npm run playground: a fictional demo partnership. Safe to delete.\n', { mode: 0o600 });
  return { dir, reused: !fresh && entries.length > 1 };
}
