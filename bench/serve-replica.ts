/**
 * The bot for the replica bench: the real startBot on a seeded data folder (argv[2]), logs to a
 * file (argv[3]), Graph settings as JSON (argv[4]) pointing at the fake Graph. Prints
 * `READY {"port"}`, then answers one `DONE {json}` line per command on stdin:
 *   add <n> <from>   logs n JAGS requests (agencies "Bench <from>"…), each a row to replicate
 *   status           the replica's state
 * Killed with SIGKILL by the bench to stand for a crash; SIGTERM stops it cleanly.
 */
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { startBot } from '../bot/start.js';
import { loadConfig } from '../services/config.js';
import { createLogger } from '../services/logger.js';

const [dataDir, logFile, graphJson] = process.argv.slice(2);
if (!dataDir || !logFile || !graphJson) throw new Error('usage: serve-replica.ts <dataDir> <logFile> <graph env json>');
const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...(JSON.parse(graphJson) as Record<string, string>) });
const logs = createWriteStream(logFile, { flags: 'a' });
const bot = await startBot(config, { log: createLogger('warn', (l) => logs.write(l + '\n')), schedule: false });
const s = bot.services;
process.stdout.write(`READY ${JSON.stringify({ port: bot.port })}\n`);

async function add(n: number, from: number): Promise<Record<string, unknown>> {
  const t0 = Date.now();
  for (let i = 0; i < n; i += 200) {
    await Promise.all(Array.from({ length: Math.min(200, n - i) }, (_, k) => s.jags.logRequest({ receivedOn: '2025-05-01', agency: `Bench ${from + i + k}`, role: 'Bench role', outcome: 'tacs' })));
  }
  return { added: n, ms: Date.now() - t0 };
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, a, b] = line.trim().split(/\s+/);
  const run = async (): Promise<Record<string, unknown>> => {
    if (command === 'status') return { ...s.replica.status() };
    if (command === 'add') return add(Number(a), Number(b));
    throw new Error(`unknown command ${line}`);
  };
  run().then(
    (result) => process.stdout.write(`DONE ${JSON.stringify(result)}\n`),
    (e: unknown) => process.stdout.write(`DONE ${JSON.stringify({ error: String(e) })}\n`),
  );
});

process.once('SIGTERM', () => {
  void bot.stop().then(() => logs.end(() => process.exit(0)));
});
