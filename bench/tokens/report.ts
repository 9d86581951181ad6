// The token benchmark's table: one row per task, the totals, then notes on what each
// server did (pages, errors, facts missing, sizes at the limits).
import type { TokenCount } from './count.ts';
import type { TaskRun, TokenTask } from './tasks.ts';
import { renderTextTable } from '../text-table.ts';

export const TOTAL_TARGET = 0.5;
/** Claude Code's cap on one MCP tool result, in tokens (MAX_MCP_OUTPUT_TOKENS' default). */
export const CLIENT_RESULT_CAP = 25_000;

export interface TaskRow {
  task: TokenTask;
  official: TaskRun | undefined;
  airlock: TaskRun;
}

export type Status = 'PASS' | 'MISS' | 'ERROR' | '—';

export interface Verdict {
  ratio: number | undefined;
  status: Status;
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}

function counted(count: TokenCount): string {
  return `${number(count.total)} (${number(count.text)} + ${number(count.structured)})`;
}

function ratioText(ratio: number | undefined): string {
  return ratio === undefined ? '—' : `${ratio.toFixed(2)}x`;
}

function targetText(target: number | undefined): string {
  return target === undefined ? 'reported' : `≤ ${target.toFixed(1)}x`;
}

export function verdict(row: TaskRow): Verdict {
  const { task, official, airlock } = row;
  // At the limits an error answer is a result to report, not a broken bench.
  const failed = airlock.error !== undefined || official?.error !== undefined;
  if (failed && task.id !== 'tree-big') return { ratio: undefined, status: 'ERROR' };
  if (official === undefined || official.tokens.total === 0)
    return { ratio: undefined, status: '—' };
  const ratio = airlock.tokens.total / official.tokens.total;
  if (task.target === undefined || failed) return { ratio, status: '—' };
  return { ratio, status: ratio <= task.target ? 'PASS' : 'MISS' };
}

/** Airlock's answer leaves out facts the official one gives: its ratio flatters it. */
export function incomplete(row: TaskRow): boolean {
  const lost = (run: TaskRun): number => Math.min(run.missing.text, run.missing.structured);
  return row.official !== undefined && lost(row.airlock) > lost(row.official);
}

function factsText(run: TaskRun | undefined): string {
  if (run === undefined) return '';
  const { text, structured, of } = run.missing;
  if (of === 0) return '—';
  if (text === 0) return 'all';
  if (structured === 0) return 'all (structured only)';
  return `${number(of - Math.min(text, structured))} of ${number(of)}`;
}

export interface Totals {
  official: TokenCount;
  airlock: TokenCount;
  ratio: number;
  textRatio: number;
  status: Status;
}

export function totals(rows: readonly TaskRow[]): Totals {
  const sum = (pick: (row: TaskRow) => TokenCount): TokenCount =>
    rows
      .filter((row) => row.task.inTotal && row.official !== undefined)
      .map(pick)
      .reduce(
        (a, b) => ({
          text: a.text + b.text,
          structured: a.structured + b.structured,
          total: a.total + b.total,
          bytes: a.bytes + b.bytes,
        }),
        { text: 0, structured: 0, total: 0, bytes: 0 },
      );
  const official = sum((row) => row.official?.tokens as TokenCount);
  const airlock = sum((row) => row.airlock.tokens);
  const ratio = airlock.total / official.total;
  return {
    official,
    airlock,
    ratio,
    textRatio: airlock.text / official.text,
    status: ratio <= TOTAL_TARGET ? 'PASS' : 'MISS',
  };
}

function limitNote(label: string, run: TaskRun | undefined): string {
  if (run === undefined) return '';
  const { text, structured, of } = run.missing;
  const parts = [
    `${label} ${number(run.tokens.bytes)} bytes`,
    `text ${number(run.tokens.text)} tokens${run.tokens.text > CLIENT_RESULT_CAP ? ` (over Claude Code's ${number(CLIENT_RESULT_CAP)})` : ''}`,
    `entries named: text ${number(of - text)} of ${number(of)}, structured ${number(of - structured)} of ${number(of)}`,
  ];
  if (run.error !== undefined) parts.push(`error: ${run.error.split('\n')[0] ?? ''}`);
  if (/truncat|more\b/i.test(run.text)) {
    const said = run.text
      .split('\n')
      .filter((line) => /truncat|more\b/i.test(line))
      .slice(-1)[0];
    if (said !== undefined) parts.push(`says: "${said.trim().slice(0, 160)}"`);
  }
  return parts.join('; ');
}

function notesFor(row: TaskRow): string[] {
  const { task, official, airlock } = row;
  const notes: string[] = [];
  for (const [label, run] of [
    ['official', official],
    ['airlock', airlock],
  ] as const) {
    if (run === undefined) continue;
    if (run.error !== undefined && task.id !== 'tree-big') {
      notes.push(`${label} error: ${run.error.split('\n')[0] ?? ''}`);
    }
    if (run.results.length > 1)
      notes.push(`${label} answered in ${run.results.length} pages, all counted`);
    if (task.id === 'tools-list') notes.push(`${label} offers ${run.tools.length} tools`);
    if (task.id.startsWith('tree-')) notes.push(limitNote(label, run));
  }
  if (task.airlockOnly) {
    notes.push('the official server has no such tool: Airlock alone, not in the total');
  } else if (!task.inTotal) {
    notes.push('a report of the limits, not in the total');
  }
  return notes;
}

export function renderTokenTable(rows: readonly TaskRow[]): string {
  const header = [
    'Task',
    'Size',
    'Official (text + structured)',
    'Airlock (text + structured)',
    'Ratio',
    'Target',
    'Result',
    'Facts, official / Airlock',
  ];
  const cells = rows.map((row, index) => {
    const { ratio, status } = verdict(row);
    return [
      `${index + 1}. ${row.task.tool ?? 'tools/list'}`,
      row.task.size,
      row.official === undefined ? '— (no such tool)' : counted(row.official.tokens),
      counted(row.airlock.tokens),
      ratioText(ratio),
      targetText(row.task.target),
      incomplete(row) ? `${status} *` : status,
      `${factsText(row.official) || '—'} / ${factsText(row.airlock)}`,
    ];
  });
  const total = totals(rows);
  cells.push([
    'Total',
    'rows in the total',
    counted(total.official),
    counted(total.airlock),
    ratioText(total.ratio),
    targetText(TOTAL_TARGET),
    total.status,
    '',
  ]);
  cells.push([
    'Total, text only',
    'if a client passes only text',
    number(total.official.text),
    number(total.airlock.text),
    ratioText(total.textRatio),
    'reported',
    '—',
    '',
  ]);
  const notes = rows.flatMap((row, index) =>
    notesFor(row)
      .filter((note) => note !== '')
      .map((note) => `  [${index + 1}] ${note}`),
  );
  return renderTextTable(header, cells, notes);
}
