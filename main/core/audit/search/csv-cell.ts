/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet:
 * - a text cell starting with = + - @, a tab or a carriage return gets a leading `'`, so a
 *   spreadsheet shows it as text instead of running it as a formula (OWASP "CSV injection");
 * - a cell holding a comma, a quote, a CR or LF, or leading/trailing spaces is quoted, with
 *   quotes doubled.
 * Numbers are written as they are; they cannot start a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
