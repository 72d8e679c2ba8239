import type { Clock } from '../clock.js';
import type { Delivery, ReachPort } from '../delivery/deliveries.js';
import type { Logger } from '../logger.js';
import type { SendNames } from '../delivery/send-names.js';
import type { People } from '../people/people.js';
import { isChannelKey } from '../people/teams.js';
import type { Store } from '../store/store.js';
import type { AppInstaller, InstallResult } from './app-installer.js';
import { InstallRecords, type InstallRecord, type SendInstalls } from './install-records.js';

export type { InstallRecord, SendInstalls };

type State = { kind: 'pending' } | { kind: 'done'; result: InstallResult; at: number };

/** How long a delivery waits for Teams to tell the bot about an installation made for its person. */
const WAIT_FOR_TEAMS_MS = 2 * 60_000;
/** How often a waiting delivery looks again. */
const LOOK_AGAIN_MS = 2_000;
/** A failed or impossible install is tried again by a send after this long, not by every delivery meanwhile. */
const REMEMBER_MS = 60 * 60_000;
const MAX_IN_FLIGHT = 32;

const WHY_WAITED = {
  installed: 'The app was installed for them, but Teams has not yet told the bot: they get the next message once it has.',
  already: 'They have the app already, but the bot has no chat with them yet: it has once they open it.',
};

/**
 * Makes people reachable before a send: for a delivery to someone with no installation, installs
 * the app for them through Graph (paced by the installer) and holds the delivery until Teams
 * tells the bot about the new installation. Someone who uninstalled or blocked the app is never
 * installed for again. What happened is kept per send for the business unit.
 */
export class Reach implements ReachPort {
  private readonly states = new Map<string, State>();
  /** Per person, the sends (campaign → delivery kind) waiting on their installation. */
  private readonly waiting = new Map<string, Map<string, string>>();
  private readonly queue: string[] = [];
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly records: InstallRecords;

  constructor(
    store: Store,
    private readonly people: People,
    private readonly installer: AppInstaller,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** The reference for a chat Graph named, and its tenant, when the bot can reach it (the transport knows how). */
    private readonly adopt?: (chatId: string) => { reference: Record<string, unknown>; tenantId?: string } | undefined,
    private readonly names?: SendNames,
  ) {
    this.records = new InstallRecords(store);
  }

  holdUntil(d: Delivery, now: number): number {
    const personId = d.personId;
    // A Teams channel is reached through its team, never by installing the app for a person.
    if (isChannelKey(personId)) return 0;
    const known = this.people.installationOf(personId);
    if (known) return 0;
    let state = this.states.get(personId);
    if (state?.kind === 'done' && now - state.at > REMEMBER_MS) state = undefined;
    if (!state) {
      state = { kind: 'pending' };
      this.states.set(personId, state);
      this.queue.push(personId);
      this.drain();
    }
    const campaigns = this.waiting.get(personId) ?? new Map<string, string>();
    if (!campaigns.has(d.campaign)) {
      campaigns.set(d.campaign, d.kind);
      this.waiting.set(personId, campaigns);
      if (state.kind === 'done') void this.record(personId, new Map([[d.campaign, d.kind]]), state.result).catch((e) => this.log.error('reach.record_failed', { error: e as Error }));
    }
    if (state.kind === 'pending') return now + LOOK_AGAIN_MS;
    const { outcome } = state.result;
    // Only a new installation makes Teams tell the bot; one that was there already never will.
    if (outcome === 'installed' && now - state.at < WAIT_FOR_TEAMS_MS) return now + LOOK_AGAIN_MS;
    return 0;
  }

  whyNot(personId: string): string | undefined {
    const state = this.states.get(personId);
    if (state?.kind !== 'done') return undefined;
    const { outcome, why } = state.result;
    return outcome === 'installed' || outcome === 'already' ? WHY_WAITED[outcome] : why;
  }

  /** Resolves when no installation is queued or under way (tests, the bench). */
  idle(): Promise<void> {
    if (!this.queue.length && !this.inFlight) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length) {
      const personId = this.queue.shift()!;
      this.inFlight++;
      void this.installFor(personId).finally(() => {
        this.inFlight--;
        this.drain();
        if (!this.queue.length && !this.inFlight) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private async installFor(personId: string): Promise<void> {
    const person = this.people.person(personId);
    let result: InstallResult;
    try {
      result = await this.installer.install({ aadObjectId: person?.aadObjectId, email: person?.email ?? personId });
    } catch (e) {
      result = { outcome: 'failed', why: 'Installing failed unexpectedly. The next send tries again.' };
      this.log.error('reach.install_failed', { error: e as Error });
    }
    if (result.outcome === 'already' && result.chatId && this.adopt) {
      const found = this.adopt(result.chatId);
      // They have the app and Graph named the bot's chat with them: recorded, they are reached now.
      // A failed write must not leave them pending for ever (every delivery held) nor escape as an
      // unhandled rejection: the next send finds no installation and reaches them as usual.
      if (found) {
        try {
          await this.people.recordInstallation({ id: `graph-chat:${result.chatId}`, aadObjectId: person?.aadObjectId, tenantId: found.tenantId, email: person?.email ?? personId, name: person?.name, reference: found.reference });
        } catch (e) {
          this.log.error('reach.adopt_failed', { error: e as Error });
        }
      }
    }
    this.states.set(personId, { kind: 'done', result, at: this.clock.now().getTime() });
    this.log.info('reach.install', { outcome: result.outcome, chat: !!result.chatId });
    await this.record(personId, this.waiting.get(personId) ?? new Map<string, string>(), result).catch((e) => this.log.error('reach.record_failed', { error: e as Error }));
  }

  private async record(personId: string, campaigns: Map<string, string>, result: InstallResult): Promise<void> {
    const name = this.people.person(personId)?.name;
    const at = this.clock.now().toISOString();
    for (const [campaign, kind] of campaigns) {
      const records = await this.records.collection(campaign);
      if (records.get(personId)) continue;
      await records.put({ id: personId, name, kind, outcome: result.outcome, why: result.why, at });
    }
  }

  /** What installing came to, per send, latest first. */
  async sends(limit = 10): Promise<SendInstalls[]> {
    const sends = await this.records.sends(limit);
    // Graph's "installed" is not yet reach: the bot has a chat only once Teams' installation event arrives.
    return sends.map((s) => ({ ...s, what: this.names?.of(s.campaign), waitingForTeams: s.records.filter((r) => r.outcome === 'installed' && !this.people.installationOf(r.id)).map((r) => r.id) }));
  }

  /** Erasure: their install records in every send, and what this run remembers of them. */
  async forget(personId: string): Promise<number> {
    this.states.delete(personId);
    return this.records.forget(personId);
  }

  recordsOf(personId: string): Promise<Array<InstallRecord & { campaign: string }>> {
    return this.records.recordsOf(personId);
  }

  sweep(before: Date): Promise<number> {
    return this.records.sweep(before);
  }
}
