import { createLogger } from '../services/logger.js';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { startBot } from './start.js';

/** Entry point for `npm start`: read config once, start, and stop cleanly on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const log = createLogger(config.logLevel);
  if (!config.auth) log.warn('bot.local_mode', { note: 'No MicrosoftAppId: requests are not authenticated. For the playground and tests only.' });
  if (config.everyoneIsBusinessUnit) log.warn('bot.everyone_is_business_unit', { note: 'Local mode without BUSINESS_UNIT_IDS: every user can administer.' });
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
