import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadConfigOrExit } from '../bot/load-config-or-exit.js';
import { startBot } from '../bot/start.js';

/**
 * `npm run playground`: the bot (local mode, embedded store, Norfolk config) and the Microsoft
 * 365 Agents Playground pointed at it, offline. Set TEAMSAPPTESTER_BROWSER=none to stop it
 * opening a browser; the playground prints its own address.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  if (config.auth) {
    process.stderr.write('The playground talks to the bot without tokens: unset MicrosoftAppId to use it.\n');
    process.exit(1);
  }
  const bot = await startBot(config);
  const endpoint = `http://localhost:${bot.port}/api/messages`;
  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const playground = spawn(process.execPath, [cli, '-e', endpoint, '-c', 'msteams', '--disable-telemetry'], { stdio: 'inherit', env: process.env });
  // Not awaited in the handlers below: a failed stop is an unhandled rejection, which ends the process with its error.
  const stop = () => {
    playground.kill('SIGTERM');
    void bot.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  playground.once('exit', (code) => {
    void bot.stop().then(() => process.exit(code ?? 0));
  });
}

main().catch((e) => {
  process.stderr.write(`Could not start the playground: ${(e as Error).message}\n`);
  process.exit(1);
});
