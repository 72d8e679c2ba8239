/**
 * What the SharePoint replica holds, declared by each feature: one list per kind of record, its
 * typed columns, and how a stored record becomes a row. The provisioner (`npm run graph:provision`)
 * turns the lists into SharePoint lists and columns; the replicator turns the rows into items.
 * Every list also gets a text column `BotId` (indexed, unique), added by the provisioner: the
 * bot's own id for the row, which the replicator upserts by. Rows may also fill `Title`, the
 * column every SharePoint list has already (so it is not declared among the columns).
 */
export type ReplicaColumnType = 'text' | 'note' | 'number' | 'dateTime' | 'boolean' | 'choice';

export interface ReplicaColumn {
  /** The column's internal name in SharePoint (letters and digits, starting with a letter). */
  name: string;
  /** What the business unit sees as the column's title; the name when absent. */
  displayName?: string;
  type: ReplicaColumnType;
  choices?: string[];
}

export interface ReplicaList {
  /** The list's internal name, e.g. "nscpRsvps". */
  list: string;
  displayName: string;
  description?: string;
  columns: ReplicaColumn[];
}

/** The column every list has, holding the bot's id for the row. */
export const BOT_ID_COLUMN = 'BotId';

/** A row's field values by column name: strings, numbers, booleans, ISO date-times, or null to clear. */
export type ReplicaRow = Record<string, string | number | boolean | null>;

/**
 * One kind of stored record a feature replicates. A change to any record in a collection named
 * `collection` or partitioned under it ("rsvps" matches "rsvps/mtg-123") is queued for the list.
 */
export interface ReplicaSource<T = unknown> {
  list: ReplicaList;
  /** A collection name, or the prefix of partitioned ones: "rsvps" matches "rsvps/m1"; "deliveries/newsletter-" matches "deliveries/newsletter-i1". */
  collection: string;
  /**
   * The bot's id for the row: unique within the list. The record's id when absent. `opaque`
   * hides what the id is made of (a person's email), keyed for this data folder and this list.
   */
  botId?(collection: string, id: string, opaque: OpaqueId): string;
  /**
   * The row for a record as it is now; undefined when it has no row (the row, if any, is removed).
   * Called when the replicator sends it, so several changes waiting become one upsert of the latest.
   */
  row(doc: T, collection: string): ReplicaRow | undefined | Promise<ReplicaRow | undefined>;
  /**
   * True while the row must wait (it stays queued, is not sent and not dropped): anonymous JAGS
   * feedback waits for its session to close, so SharePoint's own Created time and item order
   * can't tell who answered when.
   */
  hold?(doc: T, collection: string): boolean | Promise<boolean>;
  /** The records are anonymous: their outbox entries keep no time and no order either. */
  anonymous?: boolean;
}

/**
 * A bot id that does not spell out what it is made of: a record keyed by a person's email becomes
 * a row whose BotId is no email (the row holds only what the business unit needs).
 */
export type OpaqueId = (...parts: string[]) => string;
