import { createLogger } from '../services/logger.js';
import { loadEnvFile } from './env-file.js';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { localModeWarning } from './local-mode.js';
import { startBot } from './start.js';

/** Entry point for `npm start`: read config once, start, and stop cleanly on SIGTERM. */
async function main(): Promise<void> {
  // Before the configuration is read: .env fills in only what the environment leaves unset.
  const envFile = loadEnvFile(process.env);
  const config = loadConfigOrExit(process.env);
  const log = createLogger(config.logLevel);
  log.info('bot.env_file', envFile);
  const localMode = localModeWarning(config);
  if (localMode) log.warn('bot.local_mode', localMode);
  const bot = await startBot(config, { log });
  process.stdout.write(`NSCP Engage is listening on http://localhost:${bot.port}/api/messages\n`);

  const shutdown = (signal: string) => {
    log.info('bot.stopping', { signal });
    bot.stop().then(
      () => process.exit(0),
      (e) => {
        log.error('bot.stop_failed', { error: e as Error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (e) => log.error('process.unhandled_rejection', { error: e as Error }));
}

main().catch((e) => {
  process.stderr.write(`NSCP Engage could not start: ${(e as Error).message}\n`);
  process.exit(1);
});
