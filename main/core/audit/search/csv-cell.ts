/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet:
 * - a text cell starting with = + - @, a tab or a carriage return gets a leading `'`, so a
 *   spreadsheet shows it as text instead of running it as a formula (OWASP "CSV injection");
 * - a cell holding a comma, a quote, a CR or LF, or leading/trailing spaces is quoted, with
 *   quotes doubled.
 * Numbers are written as they are; they cannot start a formula. Anything else (a field of
 * an unexpected type in a damaged line) is written as JSON text, under the same rules.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  const raw = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
