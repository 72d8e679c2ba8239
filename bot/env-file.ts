import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { ConfigError } from '../services/config-error.js';

type Env = Record<string, string | undefined>;

/** What reading the env file did: variable names only, never values (they hold secrets). */
export type EnvFileOutcome =
  | { file: string; read: true; fromFile: string[]; alreadySet: string[] }
  | { file: string; read: false };

/** The folder holding package.json, found from this module whether it runs from bot/ or dist/bot/. */
export function packageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * Reads ENV_FILE, or `.env` beside package.json, into `env`. A variable already in `env` wins,
 * even when empty, as with Node's own --env-file. A missing `.env` is normal (the host's settings
 * may hold everything); a missing ENV_FILE is a mistake, so it stops start-up. Node's parser
 * (util.parseEnv) reads the file, so quoting and comments behave as with --env-file.
 */
export function loadEnvFile(env: Env, cwd = process.cwd(), root = packageRoot()): EnvFileOutcome {
  const named = env.ENV_FILE?.trim();
  const file = named ? path.resolve(cwd, named) : path.join(root, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named) return { file, read: false };
    throw new ConfigError(named ? 'ENV_FILE' : '.env', `cannot read ${file} (${code ?? (e as Error).message}). ${named ? 'Point ENV_FILE at an existing file or unset it.' : 'Fix its permissions or remove it.'}`);
  }
  const fromFile: string[] = [];
  const alreadySet: string[] = [];
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (env[key] !== undefined) alreadySet.push(key);
    else {
      env[key] = value;
      fromFile.push(key);
    }
  }
  return { file, read: true, fromFile: fromFile.sort(), alreadySet: alreadySet.sort() };
}
