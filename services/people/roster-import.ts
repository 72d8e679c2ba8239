import type { GroupConfig } from '../config.js';
import type { Person } from './people.js';

/**
 * Turns rows pasted from the business unit's spreadsheet into a preview of what an import
 * would do. Pure: nothing is written until the preview is confirmed.
 */

export interface RosterRow {
  row: number;
  email: string;
  name: string;
  organisation: string;
  groupIds: string[];
}

export interface RowProblem {
  row: number;
  reason: string;
}

export interface RosterPreview {
  toAdd: RosterRow[];
  toUpdate: RosterRow[];
  unchanged: RosterRow[];
  problems: RowProblem[];
}

const EMAIL = /^[^\s@;,<>"]{1,64}@[^\s@;,<>"]{1,255}\.[a-z]{2,}$/i;
const MAX_FIELD = 200;

/** Splits one line on tabs (Excel's copy) or commas, honouring "quoted, fields". */
export function splitRow(line: string): string[] {
  if (line.includes('\t')) return line.split('\t').map((c) => c.trim());
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function isHeader(cells: string[]): boolean {
  return cells[0]?.toLowerCase().replace(/[^a-z]/g, '') === 'email';
}

export function previewRoster(text: string, groups: GroupConfig[], existing: (email: string) => Person | undefined, maxRows: number): RosterPreview {
  const byName = new Map<string, GroupConfig>();
  for (const g of groups) {
    byName.set(g.name.toLowerCase(), g);
    byName.set(g.id, g);
  }
  const preview: RosterPreview = { toAdd: [], toUpdate: [], unchanged: [], problems: [] };
  const lines = text.split(/\r?\n/);
  const seen = new Map<string, number>();
  let counted = 0;
  lines.forEach((line, index) => {
    const row = index + 1;
    if (!line.trim()) return;
    const cells = splitRow(line);
    if (row === 1 && isHeader(cells)) return;
    counted++;
    if (counted > maxRows) {
      if (counted === maxRows + 1) preview.problems.push({ row, reason: `More than ${maxRows} rows: paste the rest in a second import.` });
      return;
    }
    const [emailRaw = '', name = '', organisation = '', groupsRaw = ''] = cells;
    const email = emailRaw.toLowerCase();
    if (!email) return void preview.problems.push({ row, reason: 'No email: the first column must be the person\'s work email.' });
    if (!EMAIL.test(email)) return void preview.problems.push({ row, reason: `"${emailRaw.slice(0, 60)}" is not an email address.` });
    if (cells.length > 4 && cells.slice(4).some((c) => c)) return void preview.problems.push({ row, reason: 'Too many columns: use email, name, organisation, groups (groups separated by ;).' });
    if (!name) return void preview.problems.push({ row, reason: 'No name: the second column must be the person\'s name.' });
    if (!organisation) return void preview.problems.push({ row, reason: 'No organisation: the third column must be their organisation.' });
    if (name.length > MAX_FIELD || organisation.length > MAX_FIELD) return void preview.problems.push({ row, reason: `Name or organisation is longer than ${MAX_FIELD} characters.` });
    const groupIds: string[] = [];
    for (const g of groupsRaw.split(';').map((s) => s.trim()).filter(Boolean)) {
      const found = byName.get(g.toLowerCase());
      if (!found) return void preview.problems.push({ row, reason: `Unknown group "${g.slice(0, 60)}". Known groups: ${groups.map((x) => x.name).join(', ')}.` });
      if (!groupIds.includes(found.id)) groupIds.push(found.id);
    }
    const firstRow = seen.get(email);
    if (firstRow) return void preview.problems.push({ row, reason: `Duplicate: ${email} is already on row ${firstRow}.` });
    seen.set(email, row);
    const parsed: RosterRow = { row, email, name, organisation, groupIds: groupIds.sort() };
    const current = existing(email);
    if (!current) preview.toAdd.push(parsed);
    else if (current.name === name && current.organisation === organisation && [...current.groupIds].sort().join(';') === parsed.groupIds.join(';')) preview.unchanged.push(parsed);
    else preview.toUpdate.push(parsed);
  });
  return preview;
}
