/**
 * The replica's outbox, kept by the store itself: a change to a replicated record and the outbox
 * entry it causes are one journal line, so a crash keeps both or neither. Entries are keyed by
 * list and the bot's id for the row, so several changes to one record waiting are one entry: the
 * replicator reads the record as it is when it sends, and an absent record means "remove the row".
 */
export const OUTBOX = 'replica-outbox';

export interface OutboxEntry {
  /** `${list}|${botId}`: one entry per row, however often its record changes. */
  id: string;
  list: string;
  botId: string;
  /** Where the record lives, to read it back when the row is sent. */
  c: string;
  docId: string;
  /** When the oldest change still waiting in this entry was made (for the backlog's age); never for an anonymous record. */
  since?: string;
  /** Changes with every change, so the replicator removes an entry only if nothing newer came meanwhile. */
  rev: string;
}

/** Which row, if any, a change to a record in a collection touches. */
export type OutboxRule = (collection: string, id: string) => { list: string; botId: string; anonymous?: boolean } | undefined;

export function outboxKey(list: string, botId: string): string {
  return `${list}|${botId}`;
}
