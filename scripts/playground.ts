import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadEnvFile } from '../bot/env-file.js';
import { loadConfigOrExit } from '../bot/load-config-or-exit.js';
import { ConfigError } from '../services/config-error.js';
import { startBot } from '../bot/start.js';
import { formatDayDateTime } from '../services/zoned-time.js';
import { DemoFolderError, prepareDemoFolder } from './demo-folder.js';
import { forgetPlaygroundChat, seedDemo, type DemoSeedResult } from './demo-seed.js';
import { PLAYGROUND_USER } from './playground-user.js';

/**
 * `npm run playground`: the bot (local mode, Norfolk config) on a demo partnership of its own
 * (./data-demo, or DEMO_DATA_DIR; `-- --fresh` starts it over), and the Microsoft 365 Agents
 * Playground pointed at it, offline. Set TEAMSAPPTESTER_BROWSER=none to stop it opening a
 * browser; the playground prints its own address.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.find((a) => a !== '--fresh');
  if (unknown) fail(`Unknown option "${unknown}". The only option is --fresh (npm run playground -- --fresh), which starts the demo over.`);

  let folder: { dir: string; reused: boolean };
  try {
    folder = await prepareDemoFolder(process.env, process.cwd(), args.includes('--fresh'));
  } catch (e) {
    if (e instanceof DemoFolderError) fail(e.message);
    throw e;
  }
  // Only a file named by ENV_FILE (e.g. the one npm run graph:stand-in writes), never .env: a
  // .env holds the real bot's settings, which the offline playground must not pick up.
  if (process.env.ENV_FILE?.trim()) {
    try {
      loadEnvFile(process.env);
    } catch (e) {
      if (e instanceof ConfigError) fail(`Configuration problem: ${e.message}`);
      throw e;
    }
  }
  const config = loadConfigOrExit({ ...process.env, DATA_DIR: folder.dir });
  if (config.auth) fail('The playground talks to the bot without tokens: unset MicrosoftAppId to use it.');
  if (!config.everyoneIsBusinessUnit) process.stderr.write(`Note: with BUSINESS_UNIT_IDS set, ${PLAYGROUND_USER.name} is not business unit staff in the demo.\n`);
  if (config.allowedTenantIds.length) process.stderr.write('Note: with ALLOWED_TENANT_IDS set, the bot refuses the playground\'s tenant.\n');

  const bot = await startBot(config);
  await forgetPlaygroundChat(bot.services);
  const seeded = await seedDemo(bot.services);
  process.stdout.write(describe(path.relative(process.cwd(), folder.dir) || folder.dir, folder.reused, seeded, config.timeZone));

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

function describe(dir: string, reused: boolean, seeded: DemoSeedResult, timeZone: string): string {
  const added = [
    seeded.peopleAdded && `${seeded.peopleAdded} people`,
    seeded.meetingStartsAt && `the LSCG South meeting on ${formatDayDateTime(new Date(seeded.meetingStartsAt), timeZone)}`,
    seeded.cycleOpened && 'a Section 11 cycle',
    seeded.jagsSessionLogged && 'a JAGS session with its feedback open',
  ].filter(Boolean);
  return [
    `Demo partnership in ${dir} (${reused ? 'reused' : 'new'}; npm run playground -- --fresh starts it over).`,
    added.length ? `Added: ${added.join(', ')}.` : 'Nothing to add: everything the demo needs is still there.',
    `You are ${PLAYGROUND_USER.name} (${PLAYGROUND_USER.email}): business unit staff, in LSCG South, Section 11 lead for NCHC and a JAGS participant.`,
    '',
  ].join('\n');
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((e) => {
  process.stderr.write(`Could not start the playground: ${(e as Error).message}\n`);
  process.exit(1);
});
