import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot } from '../../bot/start.js';
import { loadConfig } from '../../services/config.js';
import { silentLogger } from '../../services/logger.js';

describe('a port already in use', () => {
  let blocker: Server;
  let dir: string;
  before(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(path.join(tmpdir(), 'nscp-busy-'));
  });
  after(() => {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops start-up with a message that says what to do, and lets go of the data folder', async () => {
    const port = (blocker.address() as { port: number }).port;
    const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir });
    await assert.rejects(startBot(config, { log: silentLogger, schedule: false }), {
      message: `Port ${port} on 127.0.0.1 is already in use (another NSCP Engage, or another program). Stop it, or set PORT to a free port.`,
    });
    assert.ok(!existsSync(path.join(dir, '.lock')), 'the next start is not mistaken for a recovery from a crash');
  });
});
