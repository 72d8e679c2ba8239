import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PLAYGROUND_USER } from '../../scripts/playground-user.js';

/**
 * The demo puts the playground's own user on the roster. The playground ships that user in its
 * built-in configuration, a YAML text inside its bundle; if an upgrade changes it, the demo
 * would greet a stranger, so this reads the installed playground and compares.
 */
function builtInConfig(): Record<string, string> {
  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const bundle = readFileSync(path.join(path.dirname(cli), 'dist', 'index.js'), 'utf8');
  const start = bundle.indexOf('version: "0.1.1"\\n');
  assert.ok(start >= 0, 'the playground bundle no longer holds its built-in configuration where this test looks');
  const yaml = bundle.slice(start, bundle.indexOf('\\nusers:', start)).split('\\n');
  const out: Record<string, string> = {};
  let section = '';
  for (const line of yaml) {
    const m = /^(\s*)([A-Za-z]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (!m[1]) section = m[3] ? '' : m[2];
    out[section && m[1] ? `${section}.${m[2]}` : m[2]] = m[3];
  }
  return out;
}

describe('the Agents Playground user the demo is seeded for', () => {
  it('is the one the installed playground chats as by default', () => {
    const config = builtInConfig();
    assert.deepEqual(
      { id: config['currentUser.id'], aadObjectId: config['currentUser.aadObjectId'], name: config['currentUser.name'], email: config['currentUser.email'], tenantId: config.tenantId },
      { ...PLAYGROUND_USER },
    );
  });

  it('matches the captured install and member look-up the integration test replays', () => {
    const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
    const member = fixture('playground-member.response.json');
    assert.deepEqual({ id: member.id, aadObjectId: member.aadObjectId, name: member.name, email: member.email, tenantId: member.tenantId }, { ...PLAYGROUND_USER });
    for (const name of ['playground-install.installationUpdate.json', 'playground-install.conversationUpdate.json']) {
      const a = fixture(name);
      assert.deepEqual([a.from.id, a.from.aadObjectId, a.channelData.tenant.id], [PLAYGROUND_USER.id, PLAYGROUND_USER.aadObjectId, PLAYGROUND_USER.tenantId], name);
    }
  });
});
