import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

export interface ExportFile {
  filename: string;
  content: string;
  /** What the download is, for the browser; CSV unless said. */
  contentType: string;
  expiresAt: number;
}

const LIFETIME_MS = 10 * 60_000;

/**
 * Downloads made on request and kept in memory only, behind an unguessable token that expires
 * after ten minutes: Teams cannot send a file in a card, so the card links to the download.
 */
export class Exports {
  private readonly files = new Map<string, ExportFile>();

  constructor(private readonly clock: Clock) {}

  create(filename: string, content: string, contentType = 'text/csv; charset=utf-8'): string {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    this.files.set(token, { filename, content, contentType, expiresAt: this.clock.now().getTime() + LIFETIME_MS });
    return token;
  }

  get(token: string): ExportFile | undefined {
    this.sweep();
    return this.files.get(token);
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [t, f] of this.files) if (f.expiresAt <= now) this.files.delete(t);
  }
}
