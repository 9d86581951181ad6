// The audit bench's table: one row per measure, with its target and verdict.
import { renderTextTable } from '../text-table.ts';

export type Verdict = 'PASS' | 'MISS' | 'INFO';

export interface AuditRow {
  measure: string;
  /** The figure, formatted (ms, s, MB). */
  result: string;
  reference?: string;
  ratio?: string;
  target?: string;
  verdict: Verdict;
  note?: string;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

export function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function renderAuditTable(rows: readonly AuditRow[]): string {
  const header = ['Measure', 'Result', 'Reference', 'Ratio', 'Target', 'Verdict'];
  const cells = rows.map((row, index) => [
    `${index + 1}. ${row.measure}`,
    row.result,
    row.reference ?? '—',
    row.ratio ?? '—',
    row.target ?? '—',
    row.verdict,
  ]);
  const notes = rows.flatMap((row, index) => (row.note ? [`  [${index + 1}] ${row.note}`] : []));
  return renderTextTable(header, cells, notes);
}
