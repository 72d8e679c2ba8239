import type { Clock } from '../../clock.js';
import type { AppConfig, GroupConfig } from '../../config.js';
import { GraphCertificateUntrusted, GraphSignInFailed, GraphUnreachable, type GraphApi, type GraphResponse } from '../../graph/graph-api.js';
import { GRAPH_REFUSED_TOKEN } from '../../graph/graph-failure.js';
import type { Logger } from '../../logger.js';
import { changesAnything, groupChanges, type EntraMember, type GroupChanges } from '../../people/entra-match.js';
import type { People } from '../../people/people.js';
import type { Collection, Store } from '../../store/store.js';
import { zonedParts } from '../../zoned-time.js';
import { UserFacingError } from '../../validation.js';

/** A refresh read from Entra and waiting for the business unit: what it read, not what it would change (that is worked out against the roster as it is when shown or applied). */
export interface PendingRefresh {
  /** The configured group's id: one pending refresh a group, the latest replacing the last. */
  id: string;
  entraGroupId: string;
  members: EntraMember[];
  preparedAt: string;
  /** Who asked: an Entra id, or "daily". */
  by: string;
}

interface DailyRun {
  id: 'daily';
  /** The local date of the last daily refresh (begun or done). */
  date: string;
  /** Every group was read that day: no more tries until the next. Absent on runs before this field: done. */
  done?: boolean;
  /** Tries that day, and when the last began: a crash mid-read counts as a try that failed. */
  attempts?: number;
  triedAt?: string;
  /** The business unit was told that day's read failed (once a day, however many tries fail). */
  toldFailed?: boolean;
  /** The groups that failed at the last try, with why, for the card. */
  failures?: Array<{ groupId: string; problem: string }>;
}

/** What the daily refresh found, for the business unit: waiting changes, or a read that failed. */
export type DailyNotice = 'changes' | 'failed';

export type RefreshOutcome = { ok: true; changes: GroupChanges; preparedAt: string } | { ok: false; problem: string };

/** One bound group and what reading it gave. */
export interface GroupRefresh {
  group: { id: string; name: string };
  outcome: RefreshOutcome;
}

/** A refresh as the business unit saw it on a card: applying it applies exactly that read. */
export interface ShownRefresh {
  groupId: string;
  preparedAt: string;
}

/** Who new people from Entra belong to until a roster paste says otherwise. */
export const NOT_RECORDED = 'Not recorded (added from Entra)';

const SELECT = '$select=id,displayName,mail,userPrincipalName&$top=999';
/** The daily refresh runs at the first scheduler tick after this local time. */
const DAILY_AT = '06:00';
/** A failed daily read is tried again this much later, at most this many times a day in all. */
export const DAILY_RETRY_MS = 60 * 60_000;
export const DAILY_ATTEMPTS = 4;

/**
 * Configured groups bound to Entra ID groups: reads their members through Graph (every page),
 * keeps what was read until the business unit applies or discards it, and prepares a refresh
 * every day. A failed read changes nothing stored, the last pending refresh included.
 */
export class EntraGroups {
  private constructor(
    private readonly pendingRefreshes: Collection<PendingRefresh>,
    private readonly runs: Collection<DailyRun>,
    private readonly people: People,
    private readonly config: AppConfig,
    private readonly graph: GraphApi | undefined,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  static async open(opts: { store: Store; people: People; config: AppConfig; graph?: GraphApi; clock: Clock; log: Logger }): Promise<EntraGroups> {
    const [pending, runs] = await Promise.all([opts.store.collection<PendingRefresh>('entra-refreshes'), opts.store.collection<DailyRun>('entra-refresh-runs')]);
    return new EntraGroups(pending, runs, opts.people, opts.config, opts.graph, opts.clock, opts.log);
  }

  /** The configured groups that follow an Entra group. */
  bound(): GroupConfig[] {
    return this.config.partnership.groups.filter((g) => g.entraGroupId);
  }

  private group(groupId: string): GroupConfig & { entraGroupId: string } {
    const g = this.bound().find((x) => x.id === groupId);
    if (!g) throw new UserFacingError('That group is not bound to an Entra group. Set its entraGroupId in the partnership config file.', 'not-found');
    return g as GroupConfig & { entraGroupId: string };
  }

  /** Whether Microsoft Graph is set up, so a read can start at all. */
  canRead(): boolean {
    return !!this.graph;
  }

  /** Reads the Entra group and keeps what it read for the business unit to check. Nothing on the roster changes. */
  async refresh(groupId: string, by: string): Promise<RefreshOutcome> {
    const group = this.group(groupId);
    if (!this.graph) return { ok: false, problem: 'Microsoft Graph is not set up, so Entra groups cannot be read. Set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (see the README, Microsoft 365). Nothing was changed.' };
    let read: { items: EntraMember[]; failed?: GraphResponse };
    try {
      read = await this.graph.all<EntraMember>(`/groups/${encodeURIComponent(group.entraGroupId)}/transitiveMembers/microsoft.graph.user?${SELECT}`);
    } catch (e) {
      this.log.warn('entra.refresh_failed', { group: groupId, error: (e as Error).name });
      return { ok: false, problem: `${unreachable(e, this.config.graph?.endpoint)} Nothing was changed.` };
    }
    if (read.failed) {
      this.log.warn('entra.refresh_failed', { group: groupId, status: read.failed.status });
      return { ok: false, problem: `${failure(read.failed, group)} Nothing was changed.` };
    }
    const members = read.items.map((m) => ({ id: String(m.id), displayName: m.displayName ?? null, mail: m.mail ?? null, userPrincipalName: m.userPrincipalName ?? null }));
    const preparedAt = this.clock.now().toISOString();
    await this.pendingRefreshes.put({ id: groupId, entraGroupId: group.entraGroupId, members, preparedAt, by });
    this.log.info('entra.refresh_read', { group: groupId, members: members.length });
    return { ok: true, changes: this.changesFor(groupId, members), preparedAt };
  }

  /** Reads every bound group (one after another: a group of thousands is many pages already). */
  async refreshAll(by: string): Promise<GroupRefresh[]> {
    const out: GroupRefresh[] = [];
    for (const g of this.bound()) out.push({ group: { id: g.id, name: g.name }, outcome: await this.refresh(g.id, by) });
    return out;
  }

  /** Every refresh waiting for the business unit, as it would apply now. */
  waiting(): GroupRefresh[] {
    return this.bound().flatMap((g) => {
      const p = this.pending(g.id);
      return p ? [{ group: { id: g.id, name: g.name }, outcome: { ok: true as const, ...p } }] : [];
    });
  }

  /**
   * Applies the refreshes the business unit saw. One replaced by a newer read since (the daily
   * refresh, a colleague) is refused before anything changes: they must see what they apply.
   */
  async applyShown(shown: ShownRefresh[]): Promise<Array<{ group: { id: string; name: string }; changes: GroupChanges }>> {
    if (!shown.length) throw new UserFacingError('Nothing to apply: press Refresh from Entra first.', 'not-found');
    this.checkShown(shown);
    const out = [];
    for (const r of shown) out.push({ group: { id: r.groupId, name: this.group(r.groupId).name }, changes: await this.apply(r.groupId) });
    return out;
  }

  /** What the waiting refresh of a group would change now, if one is waiting. */
  pending(groupId: string): { changes: GroupChanges; preparedAt: string } | undefined {
    const p = this.pendingRefreshes.get(groupId);
    return p ? { changes: this.changesFor(groupId, p.members), preparedAt: p.preparedAt } : undefined;
  }

  /** Applies the waiting refresh of a group, worked out again against the roster as it is now. */
  async apply(groupId: string): Promise<GroupChanges> {
    this.group(groupId);
    const p = this.pendingRefreshes.get(groupId);
    if (!p) throw new UserFacingError('There is no refresh waiting for that group: it was applied or discarded already. Press Refresh from Entra to read it again.', 'not-found');
    const changes = this.changesFor(groupId, p.members);
    await this.people.applyGroupChanges(changes, NOT_RECORDED);
    await this.pendingRefreshes.remove(groupId);
    this.log.info('entra.refresh_applied', { group: groupId, added: changes.addToGroup.length + changes.newPeople.length, removed: changes.removeFromGroup.length });
    return changes;
  }

  /**
   * Discards the refreshes the business unit saw, as Apply does: an older card never discards a
   * newer read nobody has checked yet.
   */
  async discardShown(shown: ShownRefresh[]): Promise<void> {
    if (!shown.length) throw new UserFacingError('Nothing to discard: press Refresh from Entra first.', 'not-found');
    this.checkShown(shown);
    for (const r of shown) await this.discard(r.groupId);
  }

  /** Every shown refresh still waits as it was shown; otherwise nothing changes. */
  private checkShown(shown: ShownRefresh[]): void {
    for (const r of shown) {
      const g = this.group(r.groupId);
      const p = this.pendingRefreshes.get(r.groupId);
      if (!p) throw new UserFacingError(`The refresh of ${g.name} was applied or discarded already. Nothing was changed; press Refresh from Entra to read it again.`, 'not-found');
      if (p.preparedAt !== r.preparedAt) throw new UserFacingError(`${g.name} was read from Entra again since this card. Nothing was changed; check the newer refresh first.`, 'invalid');
    }
  }

  async discard(groupId: string): Promise<void> {
    await this.pendingRefreshes.remove(groupId);
  }

  private changesFor(groupId: string, members: EntraMember[]): GroupChanges {
    return groupChanges(groupId, members, this.people.all(), {
      tenantId: this.config.graph?.tenantId,
      tenantOf: (personId) => this.people.installationOf(personId)?.tenantId,
    });
  }

  /**
   * The daily refresh: once a day, after 06:00 in the partnership's zone, every bound group is
   * read and a refresh that would change something waits for the business unit. The day counts
   * as done only once every group was read: a read that fails (Graph down, a crash mid-read) is
   * tried again an hour later, up to DAILY_ATTEMPTS tries that day, and the business unit is
   * told of the failure once. `notify` tells them (returns how many messages it queued).
   */
  dailyJob(notify: (groups: Array<{ group: GroupConfig; outcome: RefreshOutcome }>, notice: DailyNotice) => Promise<number>) {
    return {
      name: 'entra-groups',
      tick: async (): Promise<number> => {
        if (!this.bound().length || !this.graph) return 0;
        const now = this.clock.now();
        const local = zonedParts(now, this.config.timeZone);
        if (local.time < DAILY_AT) return 0;
        const last = this.runs.get('daily');
        const today = last?.date === local.date ? last : undefined;
        if (today && (today.done !== false || (today.attempts ?? 0) >= DAILY_ATTEMPTS)) return 0;
        if (today?.triedAt && now.getTime() - Date.parse(today.triedAt) < DAILY_RETRY_MS) return 0;
        const attempt: DailyRun = { id: 'daily', date: local.date, done: false, attempts: (today?.attempts ?? 0) + 1, triedAt: now.toISOString(), toldFailed: today?.toldFailed };
        await this.runs.put(attempt);
        const results: Array<{ group: GroupConfig; outcome: RefreshOutcome }> = [];
        const failures: Array<{ groupId: string; problem: string }> = [];
        for (const group of this.bound()) {
          const outcome = await this.refresh(group.id, 'daily');
          if (!outcome.ok) failures.push({ groupId: group.id, problem: outcome.problem });
          if (!outcome.ok || changesAnything(outcome.changes)) results.push({ group, outcome });
          else await this.discard(group.id);
        }
        if (failures.length) {
          const tell = !attempt.toldFailed;
          await this.runs.put({ ...attempt, failures, toldFailed: true });
          this.log.warn('entra.daily_failed', { attempt: attempt.attempts, groups: failures.length, retry: attempt.attempts! < DAILY_ATTEMPTS });
          return tell ? notify(results, 'failed') : 0;
        }
        await this.runs.put({ ...attempt, done: true, failures: undefined });
        const changed = results.filter((r) => r.outcome.ok);
        return changed.length ? notify(changed, 'changes') : 0;
      },
    };
  }

  /** The groups today's daily read could not read at its last try, while it has not succeeded. */
  dailyFailures(): GroupRefresh[] {
    const run = this.runs.get('daily');
    if (!run || run.done !== false) return [];
    return (run.failures ?? []).flatMap((f) => {
      const g = this.bound().find((x) => x.id === f.groupId);
      return g ? [{ group: { id: g.id, name: g.name }, outcome: { ok: false as const, problem: f.problem } }] : [];
    });
  }

  /** Retention: refreshes nobody applied or discarded, read before `before`. */
  async sweep(before: Date): Promise<number> {
    const old = this.pendingRefreshes.values().filter((p) => p.preparedAt < before.toISOString());
    for (const p of old) await this.pendingRefreshes.remove(p.id);
    return old.length;
  }

  /** Subject access and erasure: the waiting refreshes that list this address. */
  refreshesNaming(email: string): PendingRefresh[] {
    const e = email.toLowerCase();
    return this.pendingRefreshes.values().filter((p) => p.members.some((m) => m.mail?.toLowerCase() === e || m.userPrincipalName?.toLowerCase() === e));
  }

  async forget(email: string): Promise<number> {
    const e = email.toLowerCase();
    const naming = this.refreshesNaming(e);
    for (const p of naming) await this.pendingRefreshes.put({ ...p, members: p.members.filter((m) => m.mail?.toLowerCase() !== e && m.userPrincipalName?.toLowerCase() !== e) });
    return naming.length;
  }
}

function unreachable(e: unknown, endpoint = 'https://graph.microsoft.com'): string {
  if (e instanceof GraphSignInFailed) return `The bot could not sign in to Microsoft Graph: ${e.fix}`;
  if (e instanceof GraphCertificateUntrusted) return e.fix;
  if (e instanceof GraphUnreachable) return `Microsoft Graph could not be reached just now. Try again later; if it keeps failing, check the server can reach ${new URL(endpoint).host}.`;
  return 'Reading the Entra group failed unexpectedly. Try again later.';
}

/** What a failed read means for this group, naming the fix. */
function failure(res: GraphResponse, group: GroupConfig & { entraGroupId: string }): string {
  if (res.status === 404) {
    return `Entra has no group with the id ${group.entraGroupId} (set for ${group.name}). Check entraGroupId in the partnership config file: copy the Object ID from the group's page in the Entra admin centre.`;
  }
  if (res.status === 401) return GRAPH_REFUSED_TOKEN;
  if (res.status === 403) {
    return 'The bot is not allowed to read group members: an Entra admin must grant the application permission GroupMember.Read.All to the bot\'s app registration (API permissions, Grant admin consent).';
  }
  if (res.status === 429) {
    const wait = res.retryAfterMs ? ` in ${Math.ceil(res.retryAfterMs / 1000)} seconds` : ' in a minute';
    return `Microsoft Graph asked the bot to slow down. Try again${wait}.`;
  }
  if (res.status >= 500) return `Microsoft Graph had a problem (${res.status}). Try again later.`;
  return `Microsoft Graph refused to list the group's members (${res.status}). Check entraGroupId for ${group.name}.`;
}
