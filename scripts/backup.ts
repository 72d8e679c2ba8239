import path from 'node:path';
import { systemClock } from '../services/clock.js';
import { writeBackup } from '../services/store/backup.js';

/**
 * `npm run backup -- <file>`: a consistent copy of DATA_DIR in one file (mode 0600), taken while
 * the bot runs; see services/store/backup.ts for why that is safe. Every failure is one line
 * saying what to fix, and exit code 1.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || !args[0].trim()) fail('Give one file to write the backup to: npm run backup -- <file>');
  // The same rule as the bot's configuration, so both name the same folder.
  const dir = path.resolve(process.env.DATA_DIR?.trim() || './data');
  const file = path.resolve(args[0]);
  const r = await writeBackup(dir, file, systemClock);
  const skipped = r.ignored.length ? ` Not included (not the store's): ${r.ignored.join(', ')}.` : '';
  process.stdout.write(`Backed up ${dir} (${r.collections} collection files, ${r.journals} journal files) to ${file}, ${Math.ceil(r.bytes / 1024)} KB. It holds personal data: keep it as safe as the folder.${skipped}\n`);
}

function fail(message: string): never {
  process.stderr.write(`Backup not written: ${message}\n`);
  process.exit(1);
}

main().catch((e) => fail((e as Error).message));
