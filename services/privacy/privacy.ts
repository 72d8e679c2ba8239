import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { UserFacingError } from '../validation.js';
import type { DataSubject, Holding, PersonalData } from './personal-data.js';

/** What one source holds (or erased). */
export interface SourceReport {
  source: string;
  holdings: Holding[];
}

/** What the bot holds about one person, across every source, and what it cannot find for them. */
export interface PersonReport {
  email: string;
  sources: SourceReport[];
  /** How many records in all. */
  total: number;
  /** Kept with no link to anyone: said plainly, so nobody thinks it was missed. */
  unlinked: string[];
}

const EMAIL = /^[^\s@;,<>"]{1,64}@[^\s@;,<>"]{1,255}\.[a-z]{2,}$/i;

/** Reads the address typed on a card or the command line; a bad one is refused saying what to type. */
export function checkEmail(raw: unknown): string {
  const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (!email) throw new UserFacingError('Give the person\'s work email address, e.g. jo.bloggs@norfolk.gov.uk.');
  if (!EMAIL.test(email)) throw new UserFacingError(`"${email.slice(0, 80)}" is not an email address. Give one address, e.g. jo.bloggs@norfolk.gov.uk.`);
  return email;
}

const count = (sources: SourceReport[]) => sources.reduce((n, s) => n + s.holdings.reduce((m, h) => m + h.count, 0), 0);

/**
 * Subject access and erasure (UK GDPR articles 15 and 17) for one person, by email: asks every
 * source that registered what it holds, exports it all as one file, or erases it. Knows no
 * feature: each feature adds its source when it opens. Logs carry counts, never the email.
 */
export class Privacy {
  private readonly sources: PersonalData[] = [];

  constructor(
    private readonly subjectOf: (email: string) => DataSubject,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** A source name used twice is a wiring mistake: the export would hold one under the other's key. */
  add(source: PersonalData): void {
    if (this.sources.some((s) => s.source === source.source)) throw new Error(`personal data source "${source.source}" added twice`);
    this.sources.push(source);
  }

  names(): string[] {
    return this.sources.map((s) => s.source);
  }

  private unlinked(): string[] {
    return this.sources.flatMap((s) => s.unlinked ?? []);
  }

  async describe(rawEmail: unknown): Promise<PersonReport> {
    const who = this.subjectOf(checkEmail(rawEmail));
    const sources: SourceReport[] = [];
    for (const s of this.sources) sources.push({ source: s.source, holdings: await s.describe(who) });
    return { email: who.email, sources: sources.filter((s) => s.holdings.length), total: count(sources), unlinked: this.unlinked() };
  }

  /** Everything held about them as one JSON file. The filename has no email: it is logged on download. */
  async export(rawEmail: unknown): Promise<{ filename: string; content: string; report: PersonReport }> {
    const report = await this.describe(rawEmail);
    const who = this.subjectOf(report.email);
    const data: Record<string, unknown> = {};
    for (const s of this.sources) data[s.source] = await s.export(who);
    const now = this.clock.now();
    const file = {
      about: report.email,
      exportedAt: now.toISOString(),
      summary: report.sources.flatMap((s) => s.holdings.map((h) => ({ source: s.source, what: h.what, count: h.count }))),
      data,
      notLinkedToAnyone: report.unlinked,
    };
    this.log.info('privacy.exported', { sources: report.sources.length, records: report.total });
    return { filename: `personal-data-${now.toISOString().slice(0, 10)}.json`, content: JSON.stringify(file, null, 2), report };
  }

  /**
   * Erases what every source holds about them. The person is worked out once, first: a later
   * source still finds records kept by name after the roster entry has gone. Each source's
   * change is durable before the next starts; a failure part way leaves the rest for a second
   * run, which erases only what is still there.
   */
  async erase(rawEmail: unknown): Promise<PersonReport> {
    const who = this.subjectOf(checkEmail(rawEmail));
    const sources: SourceReport[] = [];
    await this.erasePass(who, this.sources, sources);
    // A message queued for them by a scheduler run while the sources above were erased is caught here.
    const left: PersonalData[] = [];
    for (const s of this.sources) if ((await s.describe(who)).length) left.push(s);
    if (left.length) await this.erasePass(who, left, sources);
    for (const s of left) {
      if ((await s.describe(who)).length) {
        this.log.error('privacy.erase_incomplete', { source: s.source, erased: count(sources) });
        throw new Error(`Erasure did not finish: ${s.source} still holds something about them. Nothing erased so far comes back; erase again to finish.`);
      }
    }
    const merged = new Map<string, Holding[]>();
    for (const s of sources) merged.set(s.source, [...(merged.get(s.source) ?? []), ...s.holdings]);
    const erased = [...merged].map(([source, holdings]) => ({ source, holdings: sumByKind(holdings) })).filter((s) => s.holdings.length);
    const report = { email: who.email, sources: erased, total: count(erased), unlinked: this.unlinked() };
    this.log.info('privacy.erased', { records: report.total, ...Object.fromEntries(report.sources.map((s) => [s.source, s.holdings.reduce((n, h) => n + h.count, 0)])) });
    return report;
  }

  private async erasePass(who: DataSubject, from: PersonalData[], into: SourceReport[]): Promise<void> {
    for (const s of from) {
      try {
        into.push({ source: s.source, holdings: await s.erase(who) });
      } catch (e) {
        this.log.error('privacy.erase_failed', { source: s.source, erasedSoFar: count(into), error: e as Error });
        throw e;
      }
    }
  }
}

/** One line per kind of record, when a second pass erased more of a kind. */
function sumByKind(holdings: Holding[]): Holding[] {
  const byWhat = new Map<string, Holding>();
  for (const h of holdings) {
    const seen = byWhat.get(h.what);
    byWhat.set(h.what, seen ? { ...seen, count: seen.count + h.count } : h);
  }
  return [...byWhat.values()].filter((h) => h.count > 0);
}
