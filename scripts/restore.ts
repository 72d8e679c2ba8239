import path from 'node:path';
import { systemClock } from '../services/clock.js';
import { createLogger } from '../services/logger.js';
import { restoreBackup } from '../services/store/restore.js';

/**
 * `npm run restore -- <file>`: replaces the store in DATA_DIR with a backup's. Refuses while a
 * bot holds the folder, and refuses a file that is not a whole backup, changing nothing. Every
 * failure is one line saying what to fix, and exit code 1.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || !args[0].trim()) fail('Give the backup file to restore: npm run restore -- <file>');
  // The same rule as the bot's configuration, so both name the same folder.
  const dir = path.resolve(process.env.DATA_DIR?.trim() || './data');
  const file = path.resolve(args[0]);
  // A lock taken over from a dead bot is reported on stderr, like the bot's own warning.
  const log = createLogger('warn', (l) => process.stderr.write(l + '\n'));
  const r = await restoreBackup(file, dir, { log, clock: systemClock });
  process.stdout.write(
    `Restored ${dir} from ${file} (taken ${r.header.createdAt} from ${r.header.from}): ${r.collections} collection files and ${r.journals} journal files` +
      `${r.replaced ? `, replacing the ${r.replaced} store files that were there` : ''}. Start the bot to use it.\n`,
  );
}

function fail(message: string): never {
  process.stderr.write(`Not restored: ${message}\n`);
  process.exit(1);
}

main().catch((e) => fail((e as Error).message));
