import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvFile, packageRoot } from '../../bot/env-file.js';
import { ConfigError, loadConfig } from '../../services/config.js';
import { REPO_ROOT } from '../support/start-command.js';

type Env = Record<string, string | undefined>;

describe('.env', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nscp-env-'));
    writeFileSync(path.join(dir, 'package.json'), '{}');
    mkdirSync(path.join(dir, 'dist', 'bot'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is read from beside package.json, from dist/bot as from bot; a variable already set wins, even empty; only names are reported', () => {
    writeFileSync(
      path.join(dir, '.env'),
      ['# the operator\'s settings', 'PORT=4000', 'DATA_DIR=/srv/from-file', 'MicrosoftAppId=app-from-file', 'LOG_LEVEL=debug # inline comment', 'PUBLIC_BASE_URL="https://engage.example.org/#x"', ''].join('\n'),
    );
    const env: Env = { PORT: '3978', MicrosoftAppId: '' };
    const outcome = loadEnvFile(env, '/', packageRoot(path.join(dir, 'dist', 'bot')));
    assert.deepEqual(outcome, { file: path.join(dir, '.env'), read: true, fromFile: ['DATA_DIR', 'LOG_LEVEL', 'PUBLIC_BASE_URL'], alreadySet: ['MicrosoftAppId', 'PORT'] });
    assert.deepEqual(env, { PORT: '3978', MicrosoftAppId: '', DATA_DIR: '/srv/from-file', LOG_LEVEL: 'debug', PUBLIC_BASE_URL: 'https://engage.example.org/#x' });
    for (const value of ['4000', 'from-file', 'engage.example.org', 'debug']) assert.ok(!JSON.stringify(outcome).includes(value), `the outcome shows the value ${value}`);
  });

  it('may be missing: nothing changes and start-up goes on', () => {
    const env: Env = { PORT: '3978' };
    assert.deepEqual(loadEnvFile(env, '/', dir), { file: path.join(dir, '.env'), read: false });
    assert.deepEqual(env, { PORT: '3978' });
  });

  it('is replaced by ENV_FILE, relative to the working folder; a missing ENV_FILE stops start-up', () => {
    writeFileSync(path.join(dir, '.env'), 'DATA_DIR=/not/this/one\n');
    mkdirSync(path.join(dir, 'conf'));
    writeFileSync(path.join(dir, 'conf', 'bot.env'), 'DATA_DIR=/srv/engage\n');
    const env: Env = { ENV_FILE: 'conf/bot.env' };
    assert.equal(loadEnvFile(env, dir, dir).file, path.join(dir, 'conf', 'bot.env'));
    assert.equal(env.DATA_DIR, '/srv/engage');
    assert.throws(() => loadEnvFile({ ENV_FILE: 'conf/missing.env' }, dir, dir), (e: unknown) => e instanceof ConfigError && e.key === 'ENV_FILE' && /missing\.env/.test(e.message));
  });

  it('copied unchanged from .env.example gives the defaults: local mode on loopback, port 3978', () => {
    copyFileSync(path.join(REPO_ROOT, '.env.example'), path.join(dir, '.env'));
    const env: Env = {};
    loadEnvFile(env, REPO_ROOT, dir);
    const config = loadConfig(env, REPO_ROOT);
    assert.equal(config.auth, undefined);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 3978);
    assert.equal(config.everyoneIsBusinessUnit, true);
  });
});
