import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: `npm start` runs there, so config/ and ./data resolve as in production. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Node arguments of package.json's `start` script (or `dev`), so tests and the bench spawn
 * exactly what `npm start` runs (compiled entry, heap flags, source maps) rather than a copy that
 * can drift. They spawn Node directly: `npm start` would add npm and a shell in between.
 */
export function startArgs(script: 'start' | 'dev' = 'start'): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [node, ...args] = pkg.scripts[script].trim().split(/\s+/);
  if (node !== 'node') throw new Error(`package.json "${script}" should run node directly; it runs: ${pkg.scripts[script]}`);
  return args;
}
