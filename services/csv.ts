/**
 * CSV that opens cleanly in Excel: UTF-8 with a byte-order mark (so accents survive), CRLF line
 * ends, every field quoted, and cells that Excel would run as a formula defused with a quote.
 */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: string[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
