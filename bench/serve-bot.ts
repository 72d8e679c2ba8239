/**
 * The bot under load: the real startBot on a seeded data folder (argv[2]), loopback, port 0,
 * reminder scheduler on as in production, logs at info to a file (argv[3]) so they don't swamp
 * the report. Prints `READY {"port","startMs"}` where startMs runs from calling startBot to its
 * first 200 from /healthz. Stops cleanly on SIGTERM (so --cpu-prof can be written).
 */
import { createWriteStream } from 'node:fs';
import { startBot } from '../bot/start.js';
import { loadConfig } from '../services/config.js';
import { createLogger } from '../services/logger.js';

const [dataDir, logFile] = process.argv.slice(2);
if (!dataDir || !logFile) throw new Error('usage: serve-bot.ts <dataDir> <logFile>');
const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
const logs = createWriteStream(logFile, { flags: 'a' });

const t0 = performance.now();
const bot = await startBot(config, { log: createLogger('info', (l) => logs.write(l + '\n')) });
const health = await fetch(`${bot.url}/healthz`);
const startMs = performance.now() - t0;
if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
process.stdout.write(`READY ${JSON.stringify({ port: bot.port, startMs, people: bot.services.people.all().length })}\n`);

process.once('SIGTERM', () => {
  // Not awaited: a failed stop is an unhandled rejection, which ends this child with its error for bench/serve.ts to print.
  void bot.stop().then(() => logs.end(() => process.exit(0)));
});
