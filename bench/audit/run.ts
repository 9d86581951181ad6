// The audit search bench: `node --expose-gc bench/audit/run.ts
// [--quick] [--compare] [--json] [--records N] [--keep]`.
// Writes a synthetic log of 1,000,000 records in the OS temp folder (deleted afterwards),
// builds the AuditIndex from it, and measures build time, memory, the newest page and a mix
// of filtered text queries, with `grep -c` over the same files as the reference.
// --compare also measures the alternatives (SQLite FTS5, a per-record text blob).
// Exits non-zero only when the bench itself fails, never on a MISS.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditIndex } from '../../main/core/audit/search/audit-index.ts';
import type { AuditQuery } from '../../main/core/audit/search/audit-query.ts';
import { median, percentile } from '../stats.ts';
import { renderTextTable } from '../text-table.ts';
import {
  measureSqliteFts5,
  sqliteCanRun,
  type AlternativeResult,
} from './alternatives/sqlite-fts5.ts';
import { measureTextBlob } from './alternatives/text-blob.ts';
import { anchoredAppendRow, measureAnchoredAppends } from './anchored-appends.ts';
import { measureAppends } from './appends.ts';
import { timeGrep } from './grep-reference.ts';
import { canCollect, memoryDelta, settledMemory } from './memory.ts';
import { firstTerm, queryMix } from './queries.ts';
import { formatMB, formatMs, renderAuditTable, type AuditRow } from './report.ts';
import { writeSyntheticLog } from './synthetic-log.ts';

export interface AuditBenchOptions {
  /** Records in the synthetic log: 1,000,000 by default, 50,000 with quick. */
  records?: number;
  quick?: boolean;
  /** Also measure SQLite FTS5 and a per-record text blob on the same log. */
  compare?: boolean;
  /** Where to write the log; a new folder in os.tmpdir() by default (removed afterwards). */
  directory?: string;
  /** Keep the log after the run. */
  keep?: boolean;
  /** Timed runs of each query of the mix (after one warm-up run). */
  queryRuns?: number;
  /** Builds after the first, timed for the spread (default 2, quick 1). */
  extraBuilds?: number;
  progress?: (message: string) => void;
}

export interface QueryTiming {
  label: string;
  p50Ms: number;
  /** totalMatched of the query. */
  total: number;
}

export interface AuditBenchResult {
  rows: AuditRow[];
  /** Each query of the mix: its p50 and how many records it matched. */
  breakdown: QueryTiming[];
  log: { records: number; bytes: number; files: number };
  alternatives: AlternativeResult[];
  /** The chosen index on the same figures as the alternatives, for the comparison table. */
  chosen: AlternativeResult;
}

export const TARGETS = {
  queryP50Ms: 50,
  firstPageMs: 20,
  buildMs: 5000,
  memoryBytes: 300e6,
  appendsPerSecond: 20_000,
} as const;

export async function runAuditBench(options: AuditBenchOptions = {}): Promise<AuditBenchResult> {
  const progress = options.progress ?? (() => undefined);
  const records = options.records ?? (options.quick ? 50_000 : 1_000_000);
  const queryRuns = options.queryRuns ?? (options.quick ? 3 : 5);
  const directory =
    options.directory ?? mkdtempSync(path.join(os.tmpdir(), 'airlock-audit-bench-'));
  try {
    progress(`writing ${records.toLocaleString('en-US')} synthetic records to ${directory}`);
    // Quick mode rotates sooner, so it still reads several files.
    const log = await writeSyntheticLog({
      directory,
      records,
      rotateBytes: options.quick ? 8 * 1024 * 1024 : 64 * 1024 * 1024,
    });
    const mix = queryMix(log);
    const rows: AuditRow[] = [];

    progress('building the index');
    const before = await settledMemory();
    const buildStart = performance.now();
    const index = await AuditIndex.build(log.files);
    const buildMs = performance.now() - buildStart;
    const built = memoryDelta(before, await settledMemory());
    let memory = built;
    let chosen: AlternativeResult;
    let breakdown: QueryTiming[] = [];
    let buildRow = -1;
    try {
      if (index.size !== records) throw new Error(`indexed ${index.size} of ${records} records`);
      buildRow = rows.length;
      rows.push({
        measure: `cold index build (${records.toLocaleString('en-US')} records, ${formatMB(log.bytes)} in ${log.files.length} files)`,
        result: formatMs(buildMs),
        target: `≤ ${formatMs(TARGETS.buildMs)}`,
        verdict: buildMs <= TARGETS.buildMs ? 'PASS' : 'MISS',
        note: 'first build in a fresh process (JIT cold); the files are in the OS page cache, as right after writing them',
      });
      progress('timing the newest page');
      index.query({});
      const firstPage: number[] = [];
      for (let run = 0; run < queryRuns * 10; run++) {
        const start = performance.now();
        const page = index.query({});
        firstPage.push(performance.now() - start);
        if (page.records.length !== 50) throw new Error('the newest page is not full');
      }
      const firstPageP50 = median(firstPage);
      rows.push({
        measure: `first page of newest records (50, p50 of ${firstPage.length})`,
        result: formatMs(firstPageP50),
        target: `≤ ${formatMs(TARGETS.firstPageMs)}`,
        verdict: firstPageP50 <= TARGETS.firstPageMs ? 'PASS' : 'MISS',
        note: 'includes the exact count of all records and reading the 50 lines back from disk',
      });

      progress(`timing ${mix.length} queries × ${queryRuns} runs`);
      const timed = timeQueries(index, mix, queryRuns);
      const grepMs = median(mix.map((query) => timeGrep(firstTerm(query), log.files)));
      const queryP50 = median(timed.samples);
      rows.push({
        measure: `query with filters and text (p50 of ${timed.samples.length}: ${mix.length} queries × ${queryRuns})`,
        result: formatMs(queryP50),
        reference: `${formatMs(grepMs)} (grep -c)`,
        ratio: `${(queryP50 / grepMs).toFixed(3)}x grep`,
        target: `≤ ${formatMs(TARGETS.queryP50Ms)}`,
        verdict: queryP50 <= TARGETS.queryP50Ms ? 'PASS' : 'MISS',
        note:
          `p95 ${formatMs(percentile(timed.samples, 95))}, max ${formatMs(Math.max(...timed.samples))}; each query counts ` +
          `all its matches exactly and reads its page from disk; reference: median of \`LC_ALL=C grep -c -F -i TERM\` ` +
          `over all ${log.files.length} files, once per query's first word, process start included`,
      });
      breakdown = timed.perQuery;
      // The text search keeps lowercased copies of the dictionaries once it has run: count them.
      memory = memoryDelta(before, await settledMemory());
      rows.push({
        measure: 'index memory (heap + external, delta)',
        result: formatMB(memory.total),
        target: `≤ ${formatMB(TARGETS.memoryBytes)}`,
        verdict: memory.total <= TARGETS.memoryBytes ? 'PASS' : 'MISS',
        note:
          `after build and queries (right after the build: ${formatMB(built.total)}); ` +
          `heap ${formatMB(memory.heapUsed)} + external ${formatMB(memory.external)} (of which ArrayBuffers ` +
          `${formatMB(memory.arrayBuffers)}: Node counts them inside external, so heap + external + arrayBuffers ` +
          `would count the columns twice: ${formatMB(memory.total + memory.arrayBuffers)}); ` +
          `typed-array columns ${formatMB(index.stats.columnBytes)}; RSS delta ${formatMB(memory.rss)}; ` +
          `${index.stats.distinctPaths.toLocaleString('en-US')} distinct paths` +
          (canCollect ? '' : '; run with --expose-gc for a settled figure'),
      });

      const comparable = mix.filter(sqliteCanRun);
      const comparableSamples = timeQueries(index, comparable, queryRuns).samples;
      chosen = {
        name: 'columnar index + dictionary text (chosen)',
        buildMs,
        bytes: index.stats.columnBytes,
        memory,
        queryP50Ms: queryP50,
        queryMaxMs: Math.max(...timed.samples),
        queries: mix.length,
        note: `on the ${comparable.length} queries SQLite can run: p50 ${formatMs(median(comparableSamples))}`,
      };
    } finally {
      index.close();
    }

    const later: number[] = [];
    for (let run = 0; run < (options.extraBuilds ?? (options.quick ? 1 : 2)); run++) {
      progress(`building again (${run + 1})`);
      await settledMemory();
      const start = performance.now();
      const again = await AuditIndex.build(log.files);
      later.push(performance.now() - start);
      again.close();
    }
    const row = rows[buildRow];
    if (row && later.length > 0) {
      row.note += `; later builds in the same process: ${later.map(formatMs).join(', ')} (median of all: ${formatMs(median([buildMs, ...later]))})`;
    }

    progress('timing appends through the synchronous audit transport');
    const appendCount = options.quick ? 20_000 : 100_000;
    const appends = await measureAppends(appendCount);
    rows.push({
      measure: `appends with the synchronous transport (${appendCount.toLocaleString('en-US')} records, fsync "interval")`,
      result: `${Math.round(appends.recordsPerSecond).toLocaleString('en-US')}/s`,
      reference: `${Math.round(appends.floorPerSecond).toLocaleString('en-US')}/s (appendFileSync)`,
      ratio: `${(appends.recordsPerSecond / appends.floorPerSecond).toFixed(2)}x floor`,
      target: `≥ ${TARGETS.appendsPerSecond.toLocaleString('en-US')}/s`,
      verdict: appends.recordsPerSecond >= TARGETS.appendsPerSecond ? 'PASS' : 'MISS',
      note: 'each record through AuditLog -> winston -> lock, SHA-256 chain, HMAC, line and head writes; the floor appends the same finished lines with appendFileSync',
    });
    progress("timing appends while the keychain's head anchor is kept");
    const anchored = await measureAnchoredAppends(options.quick ? 2.5 : 5, options.quick ? 1 : 5);
    rows.push(anchoredAppendRow(anchored, TARGETS.appendsPerSecond));

    const alternatives: AlternativeResult[] = [];
    if (options.compare) {
      progress('comparing: per-record text blob');
      alternatives.push(await measureTextBlob(log.files, mix, queryRuns));
      progress('comparing: SQLite FTS5 (trigram)');
      alternatives.push(await measureSqliteFts5(log.files, mix, queryRuns));
    }
    return {
      rows,
      breakdown,
      log: { records, bytes: log.bytes, files: log.files.length },
      alternatives,
      chosen,
    };
  } finally {
    if (!options.keep && options.directory === undefined)
      rmSync(directory, { recursive: true, force: true });
  }
}

function timeQueries(
  index: AuditIndex,
  mix: readonly AuditQuery[],
  runs: number,
): { samples: number[]; perQuery: QueryTiming[] } {
  const samples: number[] = [];
  const perQuery: QueryTiming[] = [];
  for (const query of mix) {
    const warm = index.query(query);
    const own: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      index.query(query);
      own.push(performance.now() - start);
    }
    samples.push(...own);
    perQuery.push({
      label: describeQuery(query),
      p50Ms: median(own),
      total: warm.totalMatched ?? 0,
    });
  }
  return { samples, perQuery };
}

function describeQuery(query: AuditQuery): string {
  const parts = Object.entries(query).map(([key, value]) => {
    const text = String(value);
    return `${key}=${text.length > 28 ? `…${text.slice(-27)}` : text}`;
  });
  return parts.join(' ');
}

export function renderComparison(result: AuditBenchResult): string {
  const all = [result.chosen, ...result.alternatives];
  const header = [
    'Approach',
    'Build',
    'Size',
    'Heap+ext',
    'RSS Δ',
    'Query p50',
    'Query max',
    'Queries',
  ];
  const cells = all.map((item) => [
    item.name,
    formatMs(item.buildMs),
    formatMB(item.bytes),
    formatMB(item.memory.total),
    formatMB(item.memory.rss),
    formatMs(item.queryP50Ms),
    formatMs(item.queryMaxMs),
    String(item.queries),
  ]);
  // The notes follow the table under no heading of their own: each names its approach.
  return [
    renderTextTable(header, cells, []),
    '',
    ...all.map((item) => `  ${item.name}: ${item.note}`),
  ].join('\n');
}

interface CliOptions extends AuditBenchOptions {
  json: boolean;
}

function parseCli(argv: readonly string[]): CliOptions {
  const options: CliOptions = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--compare') options.compare = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--records' && argv[i + 1] !== undefined) options.records = Number(argv[++i]);
    else {
      throw new Error(
        `unknown argument: ${String(arg)}\nusage: node --expose-gc bench/audit/run.ts [--quick] [--compare] [--json] [--records N] [--keep]`,
      );
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  const result = await runAuditBench({
    ...options,
    progress: (message) => process.stderr.write(`bench:audit: ${message}\n`),
  });
  const out: string[] = [
    `Audit search bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${os.platform()} ${os.arch()}, ` +
      `load average at the end ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    `${result.log.records.toLocaleString('en-US')} records, ${formatMB(result.log.bytes)} in ${result.log.files} files` +
      (options.quick ? ' (quick: a self-check, not the targets’ scale)' : ''),
    '',
    renderAuditTable(result.rows),
    '',
    'Query mix (p50 each, matches):',
    ...result.breakdown.map(
      (line) =>
        `  ${formatMs(line.p50Ms).padStart(9)}  ${line.total.toLocaleString('en-US').padStart(9)}  ${line.label}`,
    ),
  ];
  if (result.alternatives.length > 0)
    out.push('', 'Comparison (same log, same query mix):', renderComparison(result));
  process.stdout.write(`${out.join('\n')}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `bench:audit failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
