import type { Clock } from '../clock.js';
import type { AppConfig } from '../config.js';
import type { DataSubject } from '../privacy/personal-data.js';
import type { GroupChanges } from './entra-match.js';
import { previewRoster, splitRow, type RosterPreview } from './roster-import.js';
import type { Collection, Store } from '../store/store.js';
import { UserFacingError } from '../validation.js';

/** A person on the business unit's roster. Keyed by lower-case email. */
export interface Person {
  id: string;
  email: string;
  name: string;
  organisation: string;
  groupIds: string[];
  aadObjectId?: string;
  updatedAt: string;
}

/** Where the bot can reach a person: their 1:1 conversation with it, once they have installed it. */
export interface Installation {
  /** The Teams user id (29:…). */
  id: string;
  aadObjectId?: string;
  tenantId?: string;
  email?: string;
  name?: string;
  personId?: string;
  /** The conversation reference, opaque to services; the bot knows its shape. */
  reference: Record<string, unknown>;
  status: 'installed' | 'uninstalled' | 'blocked';
  installedAt: string;
  updatedAt: string;
}

export interface PendingImport {
  id: string;
  by: string;
  text: string;
  createdAt: string;
}

/**
 * People, their installations and the links between them (by email, case-insensitive, or by
 * Entra object id). Keeps indexes in memory so the hot paths never scan.
 */
export class People {
  private readonly byAad = new Map<string, string>();
  private readonly installByPerson = new Map<string, string>();
  /** People outside the roster (e.g. JAGS participants) are reached by the email their install reported. */
  private readonly installByEmail = new Map<string, string>();

  private constructor(
    private readonly people: Collection<Person>,
    private readonly installs: Collection<Installation>,
    private readonly imports: Collection<PendingImport>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    for (const p of people.values()) if (p.aadObjectId) this.byAad.set(p.aadObjectId.toLowerCase(), p.id);
    for (const i of installs.values()) {
      if (i.personId) this.installByPerson.set(i.personId, i.id);
      if (i.email) this.installByEmail.set(i.email.toLowerCase(), i.id);
    }
  }

  static async open(store: Store, config: AppConfig, clock: Clock): Promise<People> {
    const [people, installs, imports] = await Promise.all([
      store.collection<Person>('people'),
      store.collection<Installation>('installations'),
      store.collection<PendingImport>('roster-imports'),
    ]);
    return new People(people, installs, imports, config, clock);
  }

  person(id: string): Person | undefined {
    return this.people.get(id.toLowerCase());
  }

  all(): Person[] {
    return this.people.values();
  }

  membersOf(groupIds: string[]): Person[] {
    const wanted = new Set(groupIds);
    return this.people.values().filter((p) => p.groupIds.some((g) => wanted.has(g)));
  }

  /** The roster entry tied to an Entra account (someone pressing a channel post who has not installed the app). */
  personWithAadObjectId(aadObjectId: string): Person | undefined {
    const id = this.byAad.get(aadObjectId.toLowerCase());
    return id ? this.people.get(id) : undefined;
  }

  /** Every installation, whatever its status (a broadcast to everyone who has the app). */
  installations(): Installation[] {
    return this.installs.values();
  }

  installation(teamsUserId: string): Installation | undefined {
    return this.installs.get(teamsUserId);
  }

  installationOf(personId: string): Installation | undefined {
    const id = this.installByPerson.get(personId) ?? this.installByEmail.get(personId.toLowerCase());
    return id ? this.installs.get(id) : undefined;
  }

  /** The email the person behind a Teams user id is known by: their roster id, or what their install reported. */
  emailFor(teamsUserId: string): string | undefined {
    const inst = this.installs.get(teamsUserId);
    return inst?.personId ?? inst?.email?.toLowerCase();
  }

  /** The roster entry for whoever is behind a Teams user id, if we know them. */
  personFor(teamsUserId: string): Person | undefined {
    const inst = this.installs.get(teamsUserId);
    return inst?.personId ? this.people.get(inst.personId) : undefined;
  }

  private matchPerson(email?: string, aadObjectId?: string): Person | undefined {
    if (email) {
      const p = this.people.get(email.toLowerCase());
      if (p) return p;
    }
    if (aadObjectId) {
      const id = this.byAad.get(aadObjectId.toLowerCase());
      if (id) return this.people.get(id);
    }
    return undefined;
  }

  /**
   * Records (or refreshes) an installation and links it to the roster. Durable on return.
   * `isNew` is decided before the first await, so two events announcing one install agree on it.
   */
  async recordInstallation(input: Omit<Installation, 'installedAt' | 'updatedAt' | 'personId' | 'status'>): Promise<Installation & { isNew: boolean }> {
    const now = this.clock.now().toISOString();
    const previous = this.installs.get(input.id);
    const matched = this.matchPerson(input.email, input.aadObjectId);
    // Once a roster entry is tied to an Entra account, an install reporting the same email from
    // another account (another tenant can set any email) does not take it over.
    const person = matched?.aadObjectId && input.aadObjectId && matched.aadObjectId.toLowerCase() !== input.aadObjectId.toLowerCase() ? undefined : matched;
    const inst: Installation = {
      ...input,
      personId: person?.id ?? (matched ? undefined : previous?.personId),
      status: 'installed',
      installedAt: previous?.installedAt ?? now,
      updatedAt: now,
    };
    const writes: Promise<void>[] = [this.installs.put(inst)];
    if (inst.personId) this.installByPerson.set(inst.personId, inst.id);
    if (inst.email) this.installByEmail.set(inst.email.toLowerCase(), inst.id);
    if (person && input.aadObjectId && !person.aadObjectId) {
      const updated = { ...person, aadObjectId: input.aadObjectId, updatedAt: now };
      this.byAad.set(input.aadObjectId.toLowerCase(), person.id);
      writes.push(this.people.put(updated));
    }
    await Promise.all(writes);
    return { ...inst, isNew: previous?.status !== 'installed' };
  }

  async markInstallation(teamsUserId: string, status: Installation['status']): Promise<void> {
    const inst = this.installs.get(teamsUserId);
    if (!inst || inst.status === status) return;
    await this.installs.put({ ...inst, status, updatedAt: this.clock.now().toISOString() });
  }

  /**
   * Who the person behind an email is, as far as the roster and their installations know them:
   * the names and account ids other records may have kept instead of the email.
   */
  subjectOf(email: string): DataSubject {
    const e = email.trim().toLowerCase();
    const person = this.people.get(e);
    const installs = this.installationsOf(e);
    const names = [person?.name, ...installs.map((i) => i.name)].filter((n): n is string => !!n?.trim());
    const accountIds = [person?.aadObjectId, ...installs.flatMap((i) => [i.aadObjectId, i.id])].filter((x): x is string => !!x);
    return { email: e, names: [...new Set(names)], accountIds: [...new Set(accountIds)], organisation: person?.organisation };
  }

  /** Every installation that is theirs: linked to their roster entry, or reporting their email. */
  installationsOf(email: string): Installation[] {
    return this.installs.values().filter((i) => i.personId === email || i.email?.toLowerCase() === email);
  }

  /** Unimported roster pastes: rows naming them, and pastes they made themselves (business unit staff). */
  pastesAbout(who: DataSubject): { rows: Array<{ importId: string; createdAt: string; rows: string[] }>; own: PendingImport[] } {
    const mine = (i: PendingImport) => who.accountIds.some((a) => a.toLowerCase() === i.by.toLowerCase());
    const rows = this.imports
      .values()
      .filter((i) => !mine(i))
      .map((i) => ({ importId: i.id, createdAt: i.createdAt, rows: i.text.split(/\r?\n/).filter((l) => rowNames(l, who.email)) }))
      .filter((r) => r.rows.length);
    return { rows, own: this.imports.values().filter(mine) };
  }

  /**
   * Erases their roster entry, installations and unimported pasted rows; a paste they made
   * themselves goes whole. Indexes follow, so nothing in memory still reaches them.
   */
  async eraseAbout(who: DataSubject): Promise<{ roster: number; installations: number; pastedRows: number; ownPastes: number }> {
    const person = this.people.get(who.email);
    const installs = this.installationsOf(who.email);
    const { rows, own } = this.pastesAbout(who);
    for (const r of rows) {
      const i = this.imports.get(r.importId)!;
      await this.imports.put({ ...i, text: i.text.split(/\r?\n/).filter((l) => !rowNames(l, who.email)).join('\n') });
    }
    for (const i of own) await this.imports.remove(i.id);
    for (const i of installs) await this.forgetInstallation(i);
    if (person) {
      if (person.aadObjectId) this.byAad.delete(person.aadObjectId.toLowerCase());
      await this.people.remove(person.id);
    }
    return { roster: person ? 1 : 0, installations: installs.length, pastedRows: rows.reduce((n, r) => n + r.rows.length, 0), ownPastes: own.length };
  }

  private async forgetInstallation(i: Installation): Promise<void> {
    if (i.personId && this.installByPerson.get(i.personId) === i.id) this.installByPerson.delete(i.personId);
    if (i.email && this.installByEmail.get(i.email.toLowerCase()) === i.id) this.installByEmail.delete(i.email.toLowerCase());
    await this.installs.remove(i.id);
  }

  /**
   * Retention: installations uninstalled or blocked and unchanged since `installationsBefore`
   * (the bot cannot use them to reach anyone), and roster pastes never imported, made before `pastesBefore`.
   */
  async sweep(opts: { installationsBefore: Date; pastesBefore: Date }): Promise<{ installations: number; rosterPastes: number }> {
    const oldInstalls = this.installs.values().filter((i) => i.status !== 'installed' && i.updatedAt < opts.installationsBefore.toISOString());
    for (const i of oldInstalls) await this.forgetInstallation(i);
    const oldPastes = this.imports.values().filter((i) => i.createdAt < opts.pastesBefore.toISOString());
    for (const i of oldPastes) await this.imports.remove(i.id);
    return { installations: oldInstalls.length, rosterPastes: oldPastes.length };
  }

  /** Checks pasted rows and keeps them, unapplied, so the confirm button can carry only an id. */
  async previewImport(text: string, by: string): Promise<{ importId: string; preview: RosterPreview }> {
    if (!text.trim()) throw new UserFacingError('Paste at least one row: email, name, organisation, groups.');
    if (text.length > 500_000) throw new UserFacingError('That paste is too large. Import at most 2,000 rows at a time.');
    const preview = previewRoster(text, this.config.partnership.groups, (e) => this.people.get(e), this.config.partnership.roster.maxRows);
    const now = this.clock.now();
    const importId = `imp-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    // Older unconfirmed previews by the same person are replaced: only the latest can be applied.
    const stale = this.imports.values().filter((i) => i.by === by).map((i) => i.id);
    for (const id of stale) await this.imports.remove(id);
    await this.imports.put({ id: importId, by, text, createdAt: now.toISOString() });
    return { importId, preview };
  }

  /**
   * Applies what an Entra group refresh found (entra-match.ts), worked out against the roster as
   * it is now. New people get `organisation` until a roster paste gives their own. Durable on return.
   */
  async applyGroupChanges(c: GroupChanges, organisation: string): Promise<void> {
    const now = this.clock.now().toISOString();
    const docs = new Map<string, Person>();
    const edit = (personId: string, change: (p: Person) => Person) => {
      const current = docs.get(personId) ?? this.people.get(personId);
      if (current) docs.set(personId, { ...change(current), updatedAt: now });
    };
    for (const a of c.addToGroup) edit(a.personId, (p) => ({ ...p, groupIds: [...p.groupIds, c.groupId].sort(), aadObjectId: p.aadObjectId ?? a.aadObjectId }));
    for (const l of c.linked) edit(l.personId, (p) => ({ ...p, aadObjectId: p.aadObjectId ?? l.aadObjectId }));
    for (const r of c.removeFromGroup) edit(r.personId, (p) => ({ ...p, groupIds: p.groupIds.filter((g) => g !== c.groupId) }));
    for (const n of c.newPeople) {
      if (this.people.get(n.email)) continue;
      docs.set(n.email, { id: n.email, email: n.email, name: n.name, organisation, groupIds: [c.groupId], aadObjectId: n.aadObjectId, updatedAt: now });
    }
    if (!docs.size) return;
    await this.people.putMany([...docs.values()]);
    for (const p of docs.values()) if (p.aadObjectId) this.byAad.set(p.aadObjectId.toLowerCase(), p.id);
    const docByAad = new Map([...docs.values()].filter((d) => d.aadObjectId).map((d) => [d.aadObjectId!.toLowerCase(), d]));
    const links: Installation[] = [];
    for (const inst of this.installs.values()) {
      if (inst.personId) continue;
      const p = (inst.email && docs.get(inst.email.toLowerCase())) || (inst.aadObjectId ? docByAad.get(inst.aadObjectId.toLowerCase()) : undefined);
      if (p && (!p.aadObjectId || !inst.aadObjectId || p.aadObjectId.toLowerCase() === inst.aadObjectId.toLowerCase())) {
        links.push({ ...inst, personId: p.id, updatedAt: now });
        this.installByPerson.set(p.id, inst.id);
      }
    }
    if (links.length) await this.installs.putMany(links);
  }

  /** Applies a preview. Re-checks the rows: the roster may have changed since the preview. */
  async applyImport(importId: string, by: string): Promise<RosterPreview> {
    const pending = this.imports.get(importId);
    if (!pending || pending.by !== by) throw new UserFacingError('That preview has expired or was replaced by a newer one. Paste the rows again.', 'not-found');
    const preview = previewRoster(pending.text, this.config.partnership.groups, (e) => this.people.get(e), this.config.partnership.roster.maxRows);
    const now = this.clock.now().toISOString();
    const docs: Person[] = [...preview.toAdd, ...preview.toUpdate].map((r) => {
      const current = this.people.get(r.email);
      return { id: r.email, email: r.email, name: r.name, organisation: r.organisation, groupIds: r.groupIds, aadObjectId: current?.aadObjectId, updatedAt: now };
    });
    if (docs.length) await this.people.putMany(docs);
    // Someone who installed before they were on the roster is linked now.
    const links: Installation[] = [];
    for (const inst of this.installs.values()) {
      if (inst.personId || !inst.email) continue;
      const p = this.people.get(inst.email.toLowerCase());
      if (p && (!p.aadObjectId || !inst.aadObjectId || p.aadObjectId.toLowerCase() === inst.aadObjectId.toLowerCase())) {
        links.push({ ...inst, personId: p.id, updatedAt: now });
        this.installByPerson.set(p.id, inst.id);
      }
    }
    if (links.length) await this.installs.putMany(links);
    await this.imports.remove(importId);
    return preview;
  }
}

/** Whether a pasted line is a row about this email (any cell, so a row with its columns out of order counts too). */
function rowNames(line: string, email: string): boolean {
  return splitRow(line).some((c) => c.toLowerCase() === email);
}
