import { BOT_ID_COLUMN, type ReplicaColumn, type ReplicaColumnType } from '../replica/replica-spec.js';

/**
 * A replica column as Graph's columnDefinition, and what an existing SharePoint column is in
 * the same terms, so the provisioner can tell "as declared" from "needs a change".
 */

export interface GraphColumn {
  id: string;
  name: string;
  displayName?: string;
  indexed?: boolean;
  enforceUniqueValues?: boolean;
  readOnly?: boolean;
  text?: { allowMultipleLines?: boolean };
  number?: object;
  dateTime?: object;
  boolean?: object;
  choice?: { choices?: string[]; allowTextEntry?: boolean };
  [facet: string]: unknown;
}

/** The column every list has: the bot's id for the row, indexed and unique so an upsert finds exactly one. */
export const BOT_ID_SPEC: ReplicaColumn = { name: BOT_ID_COLUMN, displayName: 'Bot id', type: 'text' };

export function columnDefinition(c: ReplicaColumn): Record<string, unknown> {
  const base: Record<string, unknown> = { name: c.name, displayName: c.displayName ?? c.name };
  if (c.name === BOT_ID_COLUMN) Object.assign(base, { indexed: true, enforceUniqueValues: true });
  switch (c.type) {
    case 'text':
      return { ...base, text: { allowMultipleLines: false, maxLength: 255 } };
    case 'note':
      return { ...base, text: { allowMultipleLines: true, textType: 'plain', linesForEditing: 6 } };
    case 'number':
      return { ...base, number: { decimalPlaces: 'automatic' } };
    case 'dateTime':
      return { ...base, dateTime: { format: 'dateTime', displayAs: 'default' } };
    case 'boolean':
      return { ...base, boolean: {} };
    case 'choice':
      return { ...base, choice: { allowTextEntry: false, displayAs: 'dropDownMenu', choices: c.choices ?? [] } };
  }
}

/** What kind of column SharePoint holds, in the replica's words; undefined for kinds the replica never makes (lookups, people…). */
export function columnType(g: GraphColumn): ReplicaColumnType | undefined {
  if (g.text) return g.text.allowMultipleLines ? 'note' : 'text';
  if (g.number) return 'number';
  if (g.dateTime) return 'dateTime';
  if (g.boolean) return 'boolean';
  if (g.choice) return 'choice';
  return undefined;
}

/** Choices the spec lists that the SharePoint column lacks; SharePoint's own extra choices are kept. */
export function missingChoices(spec: ReplicaColumn, g: GraphColumn): string[] {
  const have = new Set(g.choice?.choices ?? []);
  return (spec.choices ?? []).filter((c) => !have.has(c));
}
