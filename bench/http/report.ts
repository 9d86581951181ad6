// The HTTP bench's table: each measure with Airlock's figure, the floor's, their ratio,
// the target set for it and whether it was met.
import { renderTextTable } from '../text-table.ts';

export type Status = 'PASS' | 'MISS' | 'ERROR' | 'INFO';

export interface HttpRow {
  readonly measure: string;
  readonly airlock: string;
  readonly reference: string;
  readonly ratio: string;
  readonly target: string;
  readonly status: Status;
  readonly note?: string;
}

export function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}

export function perSecond(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} calls/s`;
}

export function renderHttpTable(rows: readonly HttpRow[]): string {
  const header = ['Measure', 'Airlock', 'Reference (floor)', 'Ratio', 'Target', 'Result'];
  const cells = rows.map((row, index) => [
    `${index + 1}. ${row.measure}`,
    row.airlock,
    row.reference,
    row.ratio,
    row.target,
    row.status,
  ]);
  const notes = rows
    .map((row, index) => (row.note ? `  [${index + 1}] ${row.note}` : ''))
    .filter((note) => note !== '');
  return renderTextTable(header, cells, notes);
}
