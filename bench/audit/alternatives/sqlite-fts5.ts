// The alternative the issue names first: SQLite FTS5 through node:sqlite, with the trigram
// tokenizer (the only FTS5 tokenizer that finds substrings, as the viewer's search does).
// Same records, same filters, same query mix; pages return the line locations and a
// second statement counts the matches, as AuditIndex.query does in one scan.
import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';
import type { AuditQuery } from '../../../main/core/audit/search/audit-query.ts';
import { parseTerms } from '../../../main/core/audit/search/query-text.ts';
import { median } from '../../stats.ts';
import { memoryDelta, settledMemory, type MemoryDelta } from '../memory.ts';

export interface AlternativeResult {
  name: string;
  buildMs: number;
  /** Bytes the structure holds (for SQLite: its pages; it lives outside the V8 heap). */
  bytes: number;
  memory: MemoryDelta;
  queryP50Ms: number;
  queryMaxMs: number;
  /** Queries of the mix it could run. */
  queries: number;
  note: string;
}

const OUTCOME: Record<string, number> = { ok: 0, denied: 1, error: 2 };

/** Queries SQLite FTS5 trigram can answer like the index: no path prefix, terms of 3+ characters. */
export function sqliteCanRun(query: AuditQuery): boolean {
  return query.pathPrefix === undefined && parseTerms(query.text).every((term) => term.length >= 3);
}

export async function measureSqliteFts5(
  files: readonly string[],
  mix: readonly AuditQuery[],
  runs: number,
): Promise<AlternativeResult> {
  const before = await settledMemory();
  const start = performance.now();
  const db = new DatabaseSync(':memory:');
  db.exec(`
    PRAGMA journal_mode = OFF;
    PRAGMA synchronous = OFF;
    CREATE TABLE rec (id INTEGER PRIMARY KEY, seq INTEGER, ts REAL, outcome INTEGER, event TEXT, client TEXT,
      tool TEXT, workspace TEXT, transport TEXT, file INTEGER, off INTEGER, len INTEGER);
    CREATE VIRTUAL TABLE txt USING fts5(body, tokenize = 'trigram', content = '');
  `);
  const insertRecord = db.prepare('INSERT INTO rec VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertText = db.prepare('INSERT INTO txt (rowid, body) VALUES (?, ?)');
  db.exec('BEGIN');
  let id = 0;
  files.forEach((file, fileId) => {
    const bytes = readFileSync(file);
    let from = 0;
    for (let end = bytes.indexOf(10, from); end !== -1; end = bytes.indexOf(10, from)) {
      const record = JSON.parse(bytes.toString('utf8', from, end)) as Record<string, unknown>;
      id++;
      const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
      insertRecord.run(
        id,
        record.seq as number,
        Date.parse(record.ts as string),
        OUTCOME[record.outcome as string] ?? 3,
        text(record.event),
        text(record.client),
        text(record.tool),
        text(record.workspace),
        text(record.transport),
        fileId,
        from,
        end - from,
      );
      const values = [
        ...((record.paths as string[] | undefined) ?? []),
        record.reason,
        record.tool,
        record.client,
      ];
      insertText.run(
        id,
        values
          .filter((value) => typeof value === 'string')
          .join('\n')
          .toLowerCase(),
      );
      from = end + 1;
    }
  });
  db.exec('COMMIT');
  db.exec('CREATE INDEX rec_ts ON rec (ts)');
  const buildMs = performance.now() - start;
  const pageCount = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
  const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  const memory = memoryDelta(before, await settledMemory());

  const runnable = mix.filter(sqliteCanRun);
  const samples: number[] = [];
  for (const query of runnable) {
    const { where, params } = toSql(query);
    const page = db.prepare(
      `SELECT rec.file, rec.off, rec.len FROM txt JOIN rec ON rec.id = txt.rowid WHERE ${where} ORDER BY rec.id DESC LIMIT 51`,
    );
    const count = db.prepare(
      `SELECT count(*) AS n FROM txt JOIN rec ON rec.id = txt.rowid WHERE ${where}`,
    );
    for (let run = 0; run < runs; run++) {
      const t = performance.now();
      page.all(...params);
      count.get(...params);
      samples.push(performance.now() - t);
    }
  }
  db.close();
  return {
    name: 'SQLite FTS5 (trigram, in memory)',
    buildMs,
    bytes: pageCount * pageSize,
    memory,
    queryP50Ms: median(samples),
    queryMaxMs: Math.max(...samples),
    queries: runnable.length,
    note: 'no path prefix, no terms under 3 characters (trigram); memory lives outside the V8 heap (see RSS)',
  };
}

function toSql(query: AuditQuery): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const terms = parseTerms(query.text);
  if (terms.length > 0) {
    clauses.push('txt MATCH ?');
    params.push(terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' AND '));
  }
  const exact: [keyof AuditQuery, string][] = [
    ['tool', 'tool'],
    ['client', 'client'],
    ['workspace', 'workspace'],
    ['event', 'event'],
    ['transport', 'transport'],
  ];
  for (const [key, column] of exact) {
    const value = query[key];
    if (typeof value === 'string') {
      clauses.push(`rec.${column} = ?`);
      params.push(value);
    }
  }
  if (query.outcome !== undefined) {
    clauses.push('rec.outcome = ?');
    params.push(OUTCOME[query.outcome] ?? 3);
  }
  if (query.since !== undefined) {
    clauses.push('rec.ts >= ?');
    params.push(typeof query.since === 'number' ? query.since : Date.parse(query.since));
  }
  if (query.until !== undefined) {
    clauses.push('rec.ts < ?');
    params.push(typeof query.until === 'number' ? query.until : Date.parse(query.until));
  }
  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params };
}
