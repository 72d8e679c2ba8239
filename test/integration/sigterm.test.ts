import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeUser } from '../support/bot-harness.js';
import { REPO_ROOT, startArgs } from '../support/start-command.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

/** A connector whose member look-up takes a second, so a request is still in flight at SIGTERM. */
async function slowConnector(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url?.includes('/members/')) setTimeout(() => reply(200, { ...fixture('member.response.json'), email: 'slow@x.example' }), 1000);
    else reply(201, { id: `${Date.now()}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('npm start and SIGTERM', function () {
  this.timeout(60000);
  let child: ChildProcess | undefined;
  let dir: string;
  let connector: { server: Server; url: string };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nscp-sigterm-'));
    connector = await slowConnector();
  });
  after(() => {
    child?.kill('SIGKILL');
    connector.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the request in flight, writes the store and exits 0', async () => {
    // What `npm start` runs: the compiled dist/ that `npm test` has just built. An empty ENV_FILE
    // keeps a developer's own .env (say, with a MicrosoftAppId) out of the test.
    const envFile = path.join(dir, 'empty.env');
    writeFileSync(envFile, '');
    child = spawn(process.execPath, startArgs(), { cwd: REPO_ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'info', ENV_FILE: envFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = ''; // kept for failure messages, not printed into the test run
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`bot did not start: ${out}\nstderr: ${err}`)), 30000);
      child!.stdout!.on('data', () => {
        const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(Number(m[1]));
        }
      });
    });
    const user = makeUser('S', 7, 'slow@x.example', 'Slow');
    const install = fixture('install-personal.conversationUpdate.json');
    Object.assign(install, { serviceUrl: connector.url, from: { id: user.id, aadObjectId: user.aadObjectId }, membersAdded: [{ id: install.recipient.id }, { id: user.id }], conversation: { conversationType: 'personal', id: user.conversationId } });
    const inFlight = fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(install) });
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal((await inFlight).status, 200, 'the request in flight was answered');
    assert.equal(await exited, 0, `exit code; stderr: ${err}`);
    const saved = JSON.parse(readFileSync(path.join(dir, 'installations.json'), 'utf8'));
    assert.equal(saved.items[user.id].email, 'slow@x.example');
    const events = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l).event);
    assert.ok(events.indexOf('bot.stopping') < events.indexOf('bot.stopped'));
  });
});
