// Prints the results as a fixed-width table, with notes underneath.
import type { Row } from './result.ts';
import { renderTextTable } from './text-table.ts';

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

function formatRatio(row: Row): string {
  if (row.ratio === undefined) return '—';
  const digits = row.ratio >= 100 ? 0 : row.ratio >= 10 ? 1 : 2;
  return `${row.ratio.toFixed(digits)}x ${row.ratioLabel}`;
}

export function renderTable(rows: readonly Row[]): string {
  const header = ['Measure', 'Airlock', 'Reference', 'Ratio', 'Target', 'Result'];
  const cells = rows.map((row, index) => [
    `${index + 1}. ${row.measure}`,
    row.subjectName === undefined
      ? formatMs(row.airlockMs)
      : `${formatMs(row.airlockMs)} (${row.subjectName})`,
    row.referenceMs === undefined ? '—' : `${formatMs(row.referenceMs)} (${row.referenceName})`,
    formatRatio(row),
    row.target || '—',
    row.status,
  ]);
  const notes = rows
    .map((row, index) => (row.note ? `  [${index + 1}] ${row.measure}: ${row.note}` : ''))
    .filter((note) => note !== '');
  return renderTextTable(header, cells, notes);
}
