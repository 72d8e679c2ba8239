import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** Whether this system lets a test see its own open files (Linux's /proc/self/fd). */
export const canListOpenFiles = existsSync('/proc/self/fd');

/** Files this process has open under a folder. */
export function openFilesUnder(folder: string): string[] {
  const fds = '/proc/self/fd';
  const root = realpathSync(folder) + path.sep;
  const out: string[] = [];
  for (const fd of readdirSync(fds)) {
    try {
      const target = readlinkSync(path.join(fds, fd));
      if (target.startsWith(root)) out.push(target);
    } catch {
      // the descriptor readdir itself used, closed by now
    }
  }
  return out;
}
