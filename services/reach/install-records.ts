import type { Store, Collection } from '../store/store.js';
import type { InstallOutcome } from './app-installer.js';

/** One person's app installation as a send saw it: kept per send (its delivery campaign). */
export interface InstallRecord {
  /** The person (roster id or email). */
  id: string;
  name?: string;
  /** The delivery kind that was waiting on it, e.g. "meeting-reminder". */
  kind: string;
  outcome: InstallOutcome;
  why?: string;
  at: string;
}

export interface SendInstalls {
  campaign: string;
  kind: string;
  firstAt: string;
  counts: Record<InstallOutcome, number>;
  records: InstallRecord[];
  /**
   * Of those installed now, the ones Teams has not yet told the bot about (no installation event
   * has arrived): the bot cannot reach them until it does. Filled in by Reach, which knows.
   */
  waitingForTeams: string[];
  /** What was sent, e.g. "LSCG South, Friday 23 May 2025, 10:30", when the feature that sent it still knows. */
  what?: string;
}

const PREFIX = 'app-installs';

/**
 * The per-send install records, apart from installing: erasure and retention must reach them
 * even once GRAPH_INSTALL_APP is turned off again, when no Reach is opened.
 */
export class InstallRecords {
  constructor(private readonly store: Store) {}

  collection(campaign: string): Promise<Collection<InstallRecord>> {
    return this.store.collection<InstallRecord>(`${PREFIX}/${campaign}`);
  }

  /** What installing came to, per send, latest first. */
  async sends(limit = 10): Promise<SendInstalls[]> {
    const out: SendInstalls[] = [];
    for (const name of await this.store.listPartitions(PREFIX)) {
      const records = (await this.store.collection<InstallRecord>(name)).values();
      if (!records.length) continue;
      const counts: Record<InstallOutcome, number> = { installed: 0, already: 0, cannot: 0, failed: 0 };
      for (const r of records) counts[r.outcome]++;
      out.push({ campaign: name.slice(`${PREFIX}/`.length), kind: records[0].kind, firstAt: records.map((r) => r.at).sort()[0], counts, records, waitingForTeams: [] });
    }
    return out.sort((a, b) => b.firstAt.localeCompare(a.firstAt)).slice(0, limit);
  }

  /** Erasure: their install records in every send. */
  async forget(personId: string): Promise<number> {
    let n = 0;
    for (const name of await this.store.listPartitions(PREFIX)) {
      const records = await this.store.collection<InstallRecord>(name);
      if (records.get(personId)) {
        await records.remove(personId);
        n++;
      }
    }
    return n;
  }

  async recordsOf(personId: string): Promise<Array<InstallRecord & { campaign: string }>> {
    const out: Array<InstallRecord & { campaign: string }> = [];
    for (const name of await this.store.listPartitions(PREFIX)) {
      const r = (await this.store.collection<InstallRecord>(name)).get(personId);
      if (r) out.push({ ...r, campaign: name.slice(`${PREFIX}/`.length) });
    }
    return out;
  }

  /** Retention: records of sends whose last install is older than `before`, as delivery records go. */
  async sweep(before: Date): Promise<number> {
    let n = 0;
    for (const name of await this.store.listPartitions(PREFIX)) {
      const records = await this.store.collection<InstallRecord>(name);
      const all = records.values();
      if (!all.length || all.some((r) => r.at >= before.toISOString())) continue;
      for (const r of all) await records.remove(r.id);
      n += all.length;
    }
    return n;
  }
}
