import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openServices } from '../bot/compose.js';
import { loadConfigOrExit } from '../bot/load-config-or-exit.js';
import { systemClock } from '../services/clock.js';
import { TransportError, type Transport } from '../services/delivery/deliveries.js';
import { createLogger } from '../services/logger.js';
import { checkEmail, type PersonReport } from '../services/privacy/privacy.js';
import { readFolder } from '../services/store/data-folder.js';
import { FileStore } from '../services/store/file-store.js';
import type { Store } from '../services/store/store.js';
import { UserFacingError } from '../services/validation.js';
import { count } from '../services/words.js';

const USAGE = 'Use: npm run person -- export <email> [file]   or   npm run person -- erase <email> [--yes]';

/**
 * `npm run person -- export <email> [file]`: everything the bot holds about one person, as a JSON
 * file (mode 0600; an existing file is never overwritten).
 * `npm run person -- erase <email>`: lists what would be erased and changes nothing; with `--yes`
 * it erases. Asks nothing interactively, so it can run from a script; sends nothing to Teams.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const yes = args.includes('--yes');
  const [command, email, file, ...rest] = args.filter((a) => a !== '--yes');
  if (command !== 'export' && command !== 'erase') fail(`say what to do first. ${USAGE}`);
  if (!email) fail(`give the person's email address. ${USAGE}`);
  if (rest.length || args.some((a) => a.startsWith('--') && a !== '--yes')) fail(`unexpected "${[...rest, ...args.filter((a) => a.startsWith('--') && a !== '--yes')][0]}". ${USAGE}`);
  if (command === 'export' && yes) fail(`--yes is only for erase. ${USAGE}`);
  if (command === 'erase' && file) fail(`erase takes only the email (and --yes). ${USAGE}`);
  // Checked before the data folder is opened: bad input touches nothing.
  try {
    checkEmail(email);
  } catch (e) {
    fail((e as Error).message);
  }

  const config = loadConfigOrExit(process.env);
  // A wrong DATA_DIR must not answer "nothing is held": that would be a false reply to a subject access request.
  if (!(await readFolder(config.dataDir)).storeFiles.length) fail(`${config.dataDir} holds no NSCP Engage data (or does not exist): set DATA_DIR to the bot's data folder.`);
  say(`Data folder: ${config.dataDir}\n`);
  // Warnings and errors only, on stderr: stdout is the answer.
  const log = createLogger('warn', (l) => process.stderr.write(l + '\n'));
  const store: Store & { close?(): Promise<void> } = new FileStore(config.dataDir);
  // Nothing is sent: the queue is never started, so this transport is never asked.
  const transport: Transport = { deliver: async () => Promise.reject(new TransportError('permanent', 'npm run person sends nothing')) };
  try {
    const { services } = await openServices({ config, store, clock: systemClock, log, transport });
    if (command === 'export') {
      const out = path.resolve(file || `personal-data-${systemClock.now().toISOString().slice(0, 10)}.json`);
      const x = await services.privacy.export(email);
      await writeFile(out, x.content + '\n', { flag: 'wx', mode: 0o600 }).catch((e: NodeJS.ErrnoException) => {
        throw new UserFacingError(e.code === 'EEXIST' ? `${out} already exists. Give another file name; nothing was written.` : `cannot write ${out} (${e.code}).`);
      });
      const found = x.report.total ? count(x.report.total, 'record') : 'nothing is held about them, and the file says so';
      say(`Wrote ${out}: ${found}. It holds personal data: send it to the person securely, then delete it.\n`);
      say(describe(x.report, false));
    } else if (!yes) {
      const r = await services.privacy.describe(email);
      say(describe(r, true));
      say(r.total ? `Nothing was erased. To erase all of the above, run: npm run person -- erase ${r.email} --yes\n` : 'Nothing to erase.\n');
    } else {
      const r = await services.privacy.erase(email);
      if (r.total) {
        say(`Erased ${count(r.total, 'record')} about ${r.email} (removed, or their name replaced by "(erased)"):\n`);
        say(lines(r, true));
      } else say(`Nothing was held about ${r.email}, so nothing was erased.\n`);
      if (r.unlinked.length) say(`Kept, because never linked to anyone:\n${r.unlinked.map((u) => `  - ${u}\n`).join('')}`);
      say('Backups of the data folder taken before now still hold their data until those backups are deleted.\n');
    }
  } finally {
    await store.flush();
    await store.close?.();
  }
}

/** What is held, kind by kind; with `onErase`, what erasing does to each. */
function lines(r: PersonReport, onErase: boolean): string {
  return r.sources.flatMap((s) => s.holdings.map((h) => `  ${s.source}: ${h.what}: ${h.count}${onErase ? ` (${h.onErase})` : ''}\n`)).join('');
}

function describe(r: PersonReport, onErase: boolean): string {
  const held = r.total ? `The bot holds about ${r.email}:\n${lines(r, onErase)}` : `The bot holds nothing about ${r.email}.\n`;
  const unlinked = r.unlinked.length ? `Not found, because never linked to anyone:\n${r.unlinked.map((u) => `  - ${u}\n`).join('')}` : '';
  return held + unlinked;
}

function say(s: string): void {
  process.stdout.write(s);
}

function fail(message: string): never {
  process.stderr.write(`Not done: ${message}\n`);
  process.exit(1);
}

main().catch((e) => fail(e instanceof UserFacingError ? e.message : (e as Error).message));
