/**
 * The port every holder of personal data implements (a feature's services, or a shared piece
 * such as the roster or the delivery queue), so a subject access request or an erasure reaches
 * all of them without the privacy code knowing any feature. A new feature plugs in by adding
 * its implementation to `privacy` when its services open, as it adds its due work to the scheduler.
 */

/**
 * Whose data: the email asked about, and what else the bot knows them by. Worked out once,
 * before anything is erased, so a source that runs after the roster entry has gone still finds
 * the records that kept only a name or an account id.
 */
export interface DataSubject {
  /** Lower-case, as every store keys people. */
  email: string;
  /** Names they are known by (roster, Teams), for records that kept only a name. */
  names: string[];
  /** Entra object ids and Teams user ids, for records that kept who did something (e.g. who scheduled a meeting). */
  accountIds: string[];
  /** Their roster organisation: a record kept by name is theirs only if it is their organisation's. */
  organisation?: string;
}

/** One kind of record a source holds about the person, in words the business unit reads on the card. */
export interface Holding {
  /** "RSVPs to LSCG meetings". */
  what: string;
  count: number;
  /** What erasure does to it: "removed", or "their name replaced by “(erased)”; the return is kept". */
  onErase: string;
}

export interface PersonalData {
  /** The source's key in the export file and in logs ("meetings"). */
  readonly source: string;
  /** What it holds about them, changing nothing. Kinds with nothing held are left out. */
  describe(who: DataSubject): Promise<Holding[]>;
  /** Everything it holds about them, as plain JSON for the export file. */
  export(who: DataSubject): Promise<unknown>;
  /** Removes or neutralises it, durably before resolving; says what it changed. Safe to run twice. */
  erase(who: DataSubject): Promise<Holding[]>;
  /** What it keeps that was never linked to anyone, so cannot be found, exported or erased by person. */
  readonly unlinked?: readonly string[];
}

/** What a name or an account id is replaced by where the record itself stays (an organisation's return). */
export const ERASED = '(erased)';

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Whether a name kept on a record is one the person is known by (case and spacing ignored). */
export function isTheirName(who: DataSubject, name: string | undefined): boolean {
  if (!name) return false;
  const n = norm(name);
  return who.names.some((x) => norm(x) === n);
}

/** Whether an account id kept on a record (e.g. "created by") is one of theirs. */
export function isTheirAccount(who: DataSubject, id: string | undefined): boolean {
  if (!id) return false;
  const n = id.toLowerCase();
  return who.accountIds.some((x) => x.toLowerCase() === n);
}

/** Only the kinds with something in them, so a card lists what is there. */
export function held(...holdings: Holding[]): Holding[] {
  return holdings.filter((h) => h.count > 0);
}
