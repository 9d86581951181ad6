import assert from 'node:assert/strict';
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AuditFiles } from '../../../../main/core/audit/audit-files.ts';
import type { AuditRecord } from '../../../../main/core/audit/audit-record.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../../../main/core/audit/audit-writer.ts';
import {
  AuditIndex,
  AuditIndexStaleError,
} from '../../../../main/core/audit/search/audit-index.ts';
import {
  AuditQueryError,
  type AuditQuery,
} from '../../../../main/core/audit/search/audit-query.ts';
import { scanLines } from '../../../../main/core/audit/search/jsonl-scan.ts';
import { timestampMs } from '../../../../main/core/audit/search/record-fields.ts';
import { fakeRecord as record } from '../audit-fixture.ts';
import { CALL_OUTCOMES } from '../../../../preload/contract/vocabulary.ts';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'airlock-search-')));
  made.push(dir);
  return dir;
}

/** mulberry32: a seeded PRNG, so a failure can be replayed with AUDIT_SEARCH_SEED. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes records as JSONL over `fileCount` files named like rotated ones, current file last. */
function writeRotated(dir: string, records: readonly AuditRecord[], fileCount: number): string[] {
  const files: string[] = [];
  const perFile = Math.ceil(records.length / fileCount);
  for (let i = 0; i < fileCount; i++) {
    const name = i === fileCount - 1 ? 'audit.jsonl' : `audit-20250101T00000000${i}Z.jsonl`;
    const file = path.join(dir, name);
    const chunk = records.slice(i * perFile, (i + 1) * perFile);
    writeFileSync(file, chunk.map((item) => `${JSON.stringify(item)}\n`).join(''));
    files.push(file);
  }
  return files;
}

/** Every page of a query, following cursors to the end. */
function allPages(
  index: AuditIndex,
  query: AuditQuery,
): { seqs: number[]; pages: number; totals: Set<number | undefined> } {
  const seqs: number[] = [];
  const totals = new Set<number | undefined>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = index.query({ ...query, ...(cursor ? { cursor } : {}) });
    assert.ok(page.records.length <= (query.limit ?? 50), 'a page never exceeds the limit');
    if (page.nextCursor)
      assert.equal(page.records.length, query.limit ?? 50, 'only a full page has a next page');
    seqs.push(...page.records.map((item) => item.seq));
    totals.add(page.totalMatched);
    cursor = page.nextCursor;
    pages++;
    assert.ok(pages < 10_000, 'paging ends');
  } while (cursor);
  return { seqs, pages, totals };
}

// ---------------------------------------------------------------------------------------
// Random logs and a brute-force oracle that states the search rules plainly.

const WORKSPACES = ['/ws', '/ws_evil', '/ws/sub', '/Data', '/data 2'];
const SEGMENTS = [
  'a',
  'b',
  'Notes',
  'nótes',
  'Invoice 2024',
  'ws_evil',
  'ÜBER',
  'x.md',
  'report.PDF',
  'line\nbreak',
];
const TOOLS = ['read_text_file', 'write_file', 'list_directory', 'search_files', 'edit_file'];
const CLIENTS = ['Claude Desktop 1.0', 'cursor 2.3', 'Zed', 'spec-client'];
const REASONS = [
  'outside_workspace: "/etc/passwd" is outside every workspace.',
  'guarded: That file is protected: it may hold secrets.',
  'not_found: "/ws/Notes/x.md" does not exist.',
  'too_large: Invoice 2024.pdf is over the 10 MB limit.',
  'Timeout',
];
const EVENTS = ['tool_call', 'auth_failure', 'settings_change', 'approval'] as const;
const TRANSPORTS = ['stdio', 'socket', 'http'] as const;

function randomLog(random: () => number, count: number, sortedTime: boolean): AuditRecord[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const maybe = <T>(value: T, p = 0.85): T | undefined => (random() < p ? value : undefined);
  const records: AuditRecord[] = [];
  let time = Date.UTC(2025, 0, 1);
  for (let seq = 1; seq <= count; seq++) {
    // Clocks can step back; the index must not assume time order unless it holds.
    time +=
      sortedTime || random() < 0.9
        ? Math.floor(random() * 60_000)
        : -Math.floor(random() * 600_000);
    const workspace = pick(WORKSPACES);
    const pathCount = Math.floor(random() * 3);
    const paths = Array.from({ length: pathCount }, () => {
      let value = workspace;
      const depth = 1 + Math.floor(random() * 3);
      for (let d = 0; d < depth; d++) value += `/${pick(SEGMENTS)}`;
      return value;
    });
    const fields: Partial<AuditRecord> = {
      ts: new Date(time).toISOString(),
      event: pick(EVENTS),
      outcome: pick(CALL_OUTCOMES),
    };
    const client = maybe(pick(CLIENTS));
    if (client !== undefined) fields.client = client;
    const transport = maybe(pick(TRANSPORTS));
    if (transport !== undefined) fields.transport = transport;
    const tool = maybe(pick(TOOLS));
    if (tool !== undefined) fields.tool = tool;
    if (paths.length > 0) fields.paths = paths;
    if (random() < 0.9) fields.workspace = workspace;
    const reason = maybe(pick(REASONS), 0.4);
    if (reason !== undefined) fields.reason = reason;
    fields.args = { path: paths[0] ?? '' };
    records.push(record(seq, fields));
  }
  return records;
}

function isUnderPlain(value: string, prefix: string): boolean {
  const base = prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
  if (base === '/') return value.startsWith('/');
  return value === base || value.startsWith(`${base}/`);
}

function toMs(value: number | string | undefined, unbounded: number): number {
  if (value === undefined) return unbounded;
  return typeof value === 'number' ? value : Date.parse(value);
}

/** The rules, plainly: every given filter holds, every text term is inside one value. */
function bruteForce(records: readonly AuditRecord[], query: AuditQuery): number[] {
  const terms = (query.text ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term !== '');
  const since = toMs(query.since, -Infinity);
  const until = toMs(query.until, Infinity);
  return records
    .filter((item) => {
      if (query.tool !== undefined && item.tool !== query.tool) return false;
      if (query.client !== undefined && item.client !== query.client) return false;
      if (query.outcome !== undefined && item.outcome !== query.outcome) return false;
      if (query.workspace !== undefined && item.workspace !== query.workspace) return false;
      if (query.event !== undefined && item.event !== query.event) return false;
      if (query.transport !== undefined && item.transport !== query.transport) return false;
      const prefix = query.pathPrefix;
      if (prefix !== undefined && !(item.paths ?? []).some((value) => isUnderPlain(value, prefix)))
        return false;
      if (query.since !== undefined || query.until !== undefined) {
        const ts = Date.parse(item.ts);
        if (!(ts >= since && ts < until)) return false;
      }
      const values = [...(item.paths ?? []), item.reason, item.tool, item.client]
        .filter((value): value is string => value !== undefined)
        .map((value) => value.toLowerCase());
      return terms.every((term) => values.some((value) => value.includes(term)));
    })
    .map((item) => item.seq)
    .sort((a, b) => b - a);
}

function randomQuery(random: () => number, records: readonly AuditRecord[]): AuditQuery {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const query: AuditQuery = { limit: 1 + Math.floor(random() * 40) };
  const textTerm = (): string => {
    const source = pick(records);
    const values = [...(source.paths ?? []), source.reason, source.tool, source.client].filter(
      (value): value is string => value !== undefined && value.trim() !== '',
    );
    if (values.length === 0 || random() < 0.1)
      return pick(['zz-no-such-text', 'md', 'über', 'INVOICE']);
    const value = pick(values).replace(/\s+/g, ' ');
    const start = Math.floor(random() * value.length);
    const slice = value.slice(start, start + 1 + Math.floor(random() * 8)).trim();
    // Quotes are query syntax (phrases); the oracle splits on whitespace only.
    const term = slice.replaceAll('"', '').split(' ')[0] || 'a';
    return random() < 0.5 ? term.toUpperCase() : term;
  };
  if (random() < 0.6) query.text = random() < 0.3 ? `${textTerm()} ${textTerm()}` : textTerm();
  if (random() < 0.25) query.tool = pick([...TOOLS, 'no_such_tool']);
  if (random() < 0.25) query.client = pick(CLIENTS);
  if (random() < 0.3) query.outcome = pick(CALL_OUTCOMES);
  if (random() < 0.2) query.workspace = pick(WORKSPACES);
  if (random() < 0.1) query.event = pick(EVENTS);
  if (random() < 0.1) query.transport = pick(TRANSPORTS);
  if (random() < 0.3)
    query.pathPrefix = pick([...WORKSPACES, '/ws/', '/ws/Notes', '/ws/sub/a', '/', '/w']);
  if (random() < 0.3) {
    const a = timestampMs(pick(records).ts);
    const b = timestampMs(pick(records).ts);
    const [low, high] = a <= b ? [a, b] : [b, a];
    if (random() < 0.7) query.since = random() < 0.5 ? low : new Date(low).toISOString();
    if (random() < 0.7) query.until = random() < 0.5 ? high : new Date(high).toISOString();
  }
  return query;
}

describe('AuditIndex search', () => {
  for (const sortedTime of [true, false]) {
    it(`search results match a brute-force scan on random data (${sortedTime ? 'time in order' : 'clock steps back'})`, async () => {
      const seed = Number(process.env.AUDIT_SEARCH_SEED ?? (sortedTime ? 1234 : 5678));
      const random = prng(seed);
      const records = randomLog(random, 3000, sortedTime);
      // Most records come from four rotated files; the last 200 arrive live.
      const files = writeRotated(tempDir(), records.slice(0, 2800), 4);
      const index = await AuditIndex.build(files);
      try {
        for (const live of records.slice(2800)) assert.equal(index.append(live), true);
        assert.equal(index.size, 3000);
        for (let run = 0; run < 300; run++) {
          const query = randomQuery(random, records);
          const expected = bruteForce(records, query);
          const { seqs, totals } = allPages(index, query);
          const context = `seed ${seed}, query ${run}: ${JSON.stringify(query)}`;
          assert.deepEqual(seqs, expected, context);
          assert.deepEqual([...totals], [expected.length], context);
        }
      } finally {
        index.close();
      }
    });
  }

  it('returns the full records as written, newest first', async () => {
    const records = [
      record(1, {
        tool: 'read_text_file',
        paths: ['/ws/a.txt'],
        args: { path: '/ws/a.txt', head: 5 },
        durationMs: 1.5,
      }),
      record(2, {
        tool: 'write_file',
        outcome: 'denied',
        reason: 'read_only: This workspace is read-only.',
      }),
      record(3, { event: 'settings_change', detail: { changed: ['workspaces'] }, client: 'app' }),
    ];
    const index = await AuditIndex.build(writeRotated(tempDir(), records, 2));
    try {
      const page = index.query({});
      assert.deepEqual(page.records, [...records].reverse());
      assert.equal(page.totalMatched, 3);
      assert.equal(page.nextCursor, undefined);
    } finally {
      index.close();
    }
  });

  it('finds text case-insensitively in paths, reason, tool and client, all words required', async () => {
    const records = [
      record(1, { paths: ['/ws/Invoices/March.PDF'], tool: 'read_text_file' }),
      record(2, { reason: 'guarded: That file is PROTECTED.', tool: 'read_text_file' }),
      record(3, { client: 'Claude Desktop', paths: ['/ws/notes.md'] }),
      record(4, { paths: ['/ws/my invoices/april.pdf'] }),
    ];
    const index = await AuditIndex.build(writeRotated(tempDir(), records, 1));
    try {
      const seqs = (text: string): number[] =>
        index.query({ text }).records.map((item) => item.seq);
      assert.deepEqual(seqs('invoices'), [4, 1]);
      assert.deepEqual(seqs('INVOICES march'), [1]);
      assert.deepEqual(seqs('protected'), [2]);
      assert.deepEqual(seqs('READ_TEXT'), [2, 1]);
      assert.deepEqual(seqs('claude notes'), [3]);
      assert.deepEqual(seqs('"my invoices"'), [4]);
      assert.deepEqual(seqs('invoices nothing-like-this'), []);
    } finally {
      index.close();
    }
  });

  it('never matches text across the boundary between two values of a record', async () => {
    const records = [record(1, { paths: ['/ws/abc', '/ws/def'], reason: 'xyz' })];
    const index = await AuditIndex.build(writeRotated(tempDir(), records, 1));
    try {
      assert.equal(index.query({ text: 'abc' }).totalMatched, 1);
      assert.equal(index.query({ text: '"abc /ws"' }).totalMatched, 0);
      assert.equal(index.query({ text: '"c\n/ws/d"' }).totalMatched, 0);
      assert.equal(index.query({ text: '"abcxyz"' }).totalMatched, 0);
    } finally {
      index.close();
    }
  });

  it('pages with opaque cursors that concatenate to the whole result', async () => {
    const records = Array.from({ length: 120 }, (_, i) =>
      record(i + 1, { outcome: i % 3 === 0 ? 'denied' : 'ok' }),
    );
    const index = await AuditIndex.build(writeRotated(tempDir(), records, 3));
    try {
      const first = index.query({ outcome: 'denied', limit: 15 });
      assert.equal(first.records.length, 15);
      assert.equal(first.totalMatched, 40);
      assert.equal(typeof first.nextCursor, 'string');
      const { seqs, pages } = allPages(index, { outcome: 'denied', limit: 15 });
      assert.equal(pages, 3);
      assert.deepEqual(
        seqs,
        records
          .filter((item) => item.outcome === 'denied')
          .map((item) => item.seq)
          .reverse(),
      );
      // Records appended after the first page do not shift the pages that follow it.
      index.append(record(121, { outcome: 'denied' }));
      const second = index.query({
        outcome: 'denied',
        limit: 15,
        cursor: first.nextCursor as string,
      });
      assert.equal(second.records[0]?.seq, (first.records.at(-1)?.seq ?? 0) - 3);
    } finally {
      index.close();
    }
  });

  it('continues a cursor on an index rebuilt from the same files', async () => {
    const records = Array.from({ length: 30 }, (_, i) => record(i + 1));
    const files = writeRotated(tempDir(), records, 2);
    const older = await AuditIndex.build(files);
    const first = older.query({ limit: 10 });
    older.close();
    // Retention removed the oldest records: the cursor's row now holds another seq.
    const rebuilt = await AuditIndex.build(writeRotated(tempDir(), records.slice(4), 2));
    try {
      rebuilt.append(record(31));
      const next = rebuilt.query({ limit: 10, cursor: first.nextCursor as string });
      assert.deepEqual(
        next.records.map((item) => item.seq),
        [20, 19, 18, 17, 16, 15, 14, 13, 12, 11],
      );
    } finally {
      rebuilt.close();
    }
  });

  it('rejects a malformed cursor, outcome, time or limit with AuditQueryError', async () => {
    const index = await AuditIndex.build(writeRotated(tempDir(), [record(1)], 1));
    try {
      assert.throws(() => index.query({ cursor: 'not-a-cursor' }), AuditQueryError);
      assert.throws(() => index.query({ since: 'yesterday-ish' }), AuditQueryError);
      assert.throws(() => index.query({ outcome: 'maybe' as 'ok' }), AuditQueryError);
      assert.throws(() => index.query({ limit: 0 }), AuditQueryError);
    } finally {
      index.close();
    }
  });

  it('caps the page size at 1000 and defaults it to 50', async () => {
    const records = Array.from({ length: 1200 }, (_, i) => record(i + 1));
    const index = await AuditIndex.build(writeRotated(tempDir(), records, 2));
    try {
      assert.equal(index.query({}).records.length, 50);
      assert.equal(index.query({ limit: 5000 }).records.length, 1000);
    } finally {
      index.close();
    }
  });

  it('filters by time with ISO strings or epoch milliseconds, since inclusive and until exclusive', async () => {
    const records = Array.from({ length: 10 }, (_, i) => record(i + 1));
    const index = await AuditIndex.build(writeRotated(tempDir(), records, 1));
    try {
      const since = records[2]?.ts as string;
      const until = Date.parse(records[5]?.ts as string);
      assert.deepEqual(
        index.query({ since, until }).records.map((item) => item.seq),
        [5, 4, 3],
      );
    } finally {
      index.close();
    }
  });

  it('treats empty filter strings as no filter, and unknown values as no match', async () => {
    const index = await AuditIndex.build(
      writeRotated(tempDir(), [record(1, { tool: 'write_file' })], 1),
    );
    try {
      assert.equal(index.query({ tool: '', text: '', pathPrefix: '' }).totalMatched, 1);
      assert.equal(index.query({ tool: 'no_such_tool' }).totalMatched, 0);
    } finally {
      index.close();
    }
  });

  it('lists the distinct tools, clients, workspaces, events and transports as facets', async () => {
    const records = [
      record(1, { tool: 'write_file', client: 'b', workspace: '/ws', transport: 'stdio' }),
      record(2, { tool: 'read_text_file', client: 'a', workspace: '/ws', transport: 'http' }),
    ];
    const index = await AuditIndex.build(writeRotated(tempDir(), records, 1));
    try {
      assert.deepEqual(index.facets(), {
        tools: ['read_text_file', 'write_file'],
        clients: ['a', 'b'],
        workspaces: ['/ws'],
        events: ['tool_call'],
        transports: ['http', 'stdio'],
      });
    } finally {
      index.close();
    }
  });
});

describe('audit timestamps', () => {
  it('reads timestamps exactly as Date.parse does, including impossible dates', () => {
    const stamps = [
      '2024-02-29T23:59:59.999Z',
      '2025-02-29T00:00:00.000Z',
      '2025-02-30T00:00:00.000Z',
      '2025-04-31T00:00:00.000Z',
      '2025-13-01T00:00:00.000Z',
      '2025-01-01T24:00:00.000Z',
      '1999-12-31T23:59:59.000Z',
      '0099-01-01T00:00:00.000Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T01:00:00.000+01:00',
      '2025-01-01X00:00:00.000Z',
      'not a time at all, really',
    ];
    for (const ts of stamps) assert.ok(Object.is(timestampMs(ts), Date.parse(ts)), ts);
  });
});

describe('AuditIndex path prefix', () => {
  const paths = [
    '/ws',
    '/ws/a.txt',
    '/ws/sub/b.txt',
    '/ws_evil/c.txt',
    '/ws.old/d.txt',
    '/wsx',
    '/ws\\evil',
    '/other/ws/e.txt',
  ];

  async function matching(prefix: string, values: readonly string[] = paths): Promise<string[]> {
    const records = values.map((value, i) => record(i + 1, { paths: [value] }));
    const index = await AuditIndex.build(writeRotated(tempDir(), records, 1));
    try {
      const page = index.query({ pathPrefix: prefix, limit: 1000 });
      const live = new Set(page.records.map((item) => item.paths?.[0]));
      // The live-tail filter applies the same rule.
      const tail: string[] = [];
      const stop = index.subscribe({ pathPrefix: prefix }, (item) =>
        tail.push(item.paths?.[0] ?? ''),
      );
      values.forEach((value, i) => index.append(record(values.length + i + 1, { paths: [value] })));
      stop();
      assert.deepEqual(tail.sort(), [...live].sort());
      return [...live].filter((value): value is string => value !== undefined).sort();
    } finally {
      index.close();
    }
  }

  it('pathPrefix is segment-aware: /ws matches /ws and below, never /ws_evil or /ws.old', async () => {
    assert.deepEqual(await matching('/ws'), ['/ws', '/ws/a.txt', '/ws/sub/b.txt']);
  });

  it('pathPrefix ignores a trailing slash', async () => {
    assert.deepEqual(await matching('/ws/'), ['/ws', '/ws/a.txt', '/ws/sub/b.txt']);
  });

  it('pathPrefix / covers every absolute path', async () => {
    assert.deepEqual(await matching('/'), [...paths].sort());
  });

  it('pathPrefix on POSIX does not treat a backslash as a separator', async () => {
    assert.deepEqual(await matching('/ws', ['/ws\\evil']), []);
  });

  it('pathPrefix on Windows paths accepts both separators and stays segment-aware', async () => {
    const windows = [
      'C:\\Users\\ana',
      'C:\\Users\\ana\\x.txt',
      'C:\\Users\\ana/y.txt',
      'C:\\Users\\anabel\\z.txt',
      'D:\\Users\\ana\\w.txt',
    ];
    assert.deepEqual(await matching('C:\\Users\\ana\\', windows), [
      'C:\\Users\\ana',
      'C:\\Users\\ana/y.txt',
      'C:\\Users\\ana\\x.txt',
    ]);
    assert.deepEqual((await matching('C:\\', windows)).length, 4);
  });
});

describe('AuditIndex build from files', () => {
  it('tolerates a torn last line and counts it, then takes that record when it is appended', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    const whole = `${JSON.stringify(record(1))}\n${JSON.stringify(record(2))}\n`;
    writeFileSync(file, `${whole}${JSON.stringify(record(3)).slice(0, 40)}`);
    const index = await AuditIndex.build([file]);
    try {
      assert.equal(index.size, 2);
      assert.equal(index.stats.skipped.torn, 1);
      assert.deepEqual(
        index.query({}).records.map((item) => item.seq),
        [2, 1],
      );
      assert.equal(index.append(record(3)), true);
      assert.equal(index.query({}).records[0]?.seq, 3);
    } finally {
      index.close();
    }
  });

  it('skips and counts unparsable and invalid lines, ignores blank lines and missing files', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify(record(1)),
        '{"seq": 2, "ts":',
        '',
        '[1,2,3]',
        '{"seq":"3","ts":"x","event":"e","outcome":"ok"}',
        JSON.stringify(record(4)),
        '',
      ].join('\n'),
    );
    const index = await AuditIndex.build([path.join(dir, 'audit-gone.jsonl'), file]);
    try {
      assert.equal(index.size, 2);
      assert.deepEqual(index.stats.skipped, { torn: 0, unparsable: 1, invalid: 2, oversized: 0 });
    } finally {
      index.close();
    }
  });

  it('reads lines longer than its read buffer and lines with multi-byte characters', async () => {
    const dir = tempDir();
    const long = record(1, { reason: `ü${'x'.repeat(9 * 1024 * 1024)}` });
    const small = record(2, { paths: ['/ws/naïve ☃.txt'] });
    const file = path.join(dir, 'audit.jsonl');
    writeFileSync(file, `${JSON.stringify(long)}\r\n${JSON.stringify(small)}\n`);
    const index = await AuditIndex.build([file]);
    try {
      assert.equal(index.size, 2);
      assert.deepEqual(index.query({ text: '☃' }).records, [small]);
      assert.equal(index.query({ text: 'üxxx' }).records[0]?.reason?.length, long.reason?.length);
    } finally {
      index.close();
    }
  });

  it('streams lines with their byte offsets, growing its buffer and skipping overlong lines', async () => {
    const file = path.join(tempDir(), 'lines.jsonl');
    const lines = ['short', 'ü'.repeat(20), 'x'.repeat(100), 'after', 'y'.repeat(30)];
    writeFileSync(file, `${lines.join('\n')}\nto`);
    const fd = openSync(file, 'r');
    try {
      const seen: { text: string; offset: number }[] = [];
      const result = await scanLines(
        fd,
        {
          line: (bytes, start, end, offset) =>
            seen.push({ text: bytes.toString('utf8', start, end), offset }),
        },
        { chunkBytes: 8, maxLineBytes: 64 },
      );
      const bytes = readFileSync(file);
      assert.deepEqual(
        seen.map((line) => line.text),
        ['short', 'ü'.repeat(20), 'after', 'y'.repeat(30)],
      );
      for (const line of seen) {
        const length = Buffer.byteLength(line.text);
        assert.equal(bytes.toString('utf8', line.offset, line.offset + length), line.text);
      }
      assert.deepEqual(result, { bytes: bytes.length, tornBytes: 2, oversizedLines: 1 });
    } finally {
      closeSync(fd);
    }
  });

  it('indexes a log written by AuditWriter across rotations', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'audit.jsonl');
    const writer = AuditWriter.open(current, {
      ...DEFAULT_AUDIT_SETTINGS,
      fsync: 'never',
      rotateBytes: 64 * 1024,
    });
    const written: AuditRecord[] = [];
    for (let i = 0; i < 600; i++) {
      const rotatedAt = new Date(Date.UTC(2025, 0, 1) + i * 1000);
      written.push(
        writer.append(
          {
            event: 'tool_call',
            tool: i % 2 ? 'read_text_file' : 'write_file',
            paths: [`/ws/notes/${i}.md`],
            outcome: i % 10 === 0 ? 'denied' : 'ok',
            transport: 'stdio',
          },
          rotatedAt,
        ),
      );
    }
    writer.close();
    const files = new AuditFiles(current).chain();
    assert.ok(files.length > 2, 'the writer rotated');
    const index = await AuditIndex.build(files);
    try {
      assert.equal(index.size, 600);
      const page = index.query({ text: 'notes/59', outcome: 'denied' });
      assert.deepEqual(
        page.records.map((item) => item.seq),
        written
          .filter((item) => item.outcome === 'denied' && item.paths?.[0]?.includes('notes/59'))
          .map((item) => item.seq)
          .reverse(),
      );
      assert.deepEqual(
        page.records[0],
        written.find((item) => item.seq === page.records[0]?.seq),
      );
    } finally {
      index.close();
    }
  });

  it('keeps reading a file the writer rotated away after the build', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'audit.jsonl');
    writeFileSync(current, `${JSON.stringify(record(1, { tool: 'edit_file' }))}\n`);
    const index = await AuditIndex.build([current]);
    try {
      renameSync(current, path.join(dir, 'audit-20250101T000000000Z.jsonl'));
      writeFileSync(current, `${JSON.stringify(record(2))}\n`);
      assert.equal(index.query({}).records[0]?.tool, 'edit_file');
    } finally {
      index.close();
    }
  });

  it('reports a stale index instead of returning a different record', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    writeFileSync(file, `${JSON.stringify(record(1))}\n${JSON.stringify(record(2))}\n`);
    const index = await AuditIndex.build([file]);
    try {
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace('"seq":2', '"seq":9'));
      assert.throws(() => index.query({}), AuditIndexStaleError);
    } finally {
      index.close();
    }
  });
});

describe('AuditIndex live records', () => {
  it('live tail delivers matching appended records only', async () => {
    const index = await AuditIndex.build(writeRotated(tempDir(), [record(1)], 1));
    try {
      const denied: number[] = [];
      const everything: number[] = [];
      const stopDenied = index.subscribe({ outcome: 'denied', text: 'secret' }, (item) =>
        denied.push(item.seq),
      );
      const stopAll = index.subscribe((item) => everything.push(item.seq));
      index.append(record(2, { outcome: 'denied', reason: 'guarded: a Secret file' }));
      index.append(record(3, { outcome: 'ok', reason: 'secret' }));
      index.append(record(4, { outcome: 'denied', paths: ['/ws/secrets/.env'] }));
      index.append(record(5, { outcome: 'denied' }));
      stopDenied();
      index.append(record(6, { outcome: 'denied', reason: 'secret' }));
      stopAll();
      index.append(record(7));
      assert.deepEqual(denied, [2, 4]);
      assert.deepEqual(everything, [2, 3, 4, 5, 6]);
      assert.equal(index.query({}).totalMatched, 7);
    } finally {
      index.close();
    }
  });

  it('ignores an appended record whose seq is already indexed, and does not push it', async () => {
    const index = await AuditIndex.build(writeRotated(tempDir(), [record(1), record(2)], 1));
    try {
      const seen: number[] = [];
      index.subscribe((item) => seen.push(item.seq));
      assert.equal(index.append(record(2)), false);
      assert.equal(index.append(record(3)), true);
      assert.deepEqual(seen, [3]);
      assert.equal(index.size, 3);
    } finally {
      index.close();
    }
  });

  it('keeps appending when a live-tail listener throws, and reports the error', async () => {
    const errors: unknown[] = [];
    const index = await AuditIndex.build(writeRotated(tempDir(), [record(1)], 1), {
      onListenerError: (error) => errors.push(error),
    });
    try {
      const seen: number[] = [];
      index.subscribe(() => {
        throw new Error('listener broke');
      });
      index.subscribe((item) => seen.push(item.seq));
      index.append(record(2));
      assert.deepEqual(seen, [2]);
      assert.equal(errors.length, 1);
    } finally {
      index.close();
    }
  });

  it('reads an appended record from disk when the writer reports its location, across a rotation', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'audit.jsonl');
    writeFileSync(current, `${JSON.stringify(record(1, { tool: 'first' }))}\n`);
    const index = await AuditIndex.build([current]);
    try {
      const appendAt = (item: AuditRecord): void => {
        const line = JSON.stringify(item);
        let offset = 0;
        try {
          offset = readFileSync(current).length;
        } catch {
          offset = 0;
        }
        appendFileSync(current, `${line}\n`);
        index.append(item, { file: current, offset, length: Buffer.byteLength(line) });
      };
      // The writer rotates right away: the built file gets a new name, a new file takes its place.
      renameSync(current, path.join(dir, 'audit-20250101T000000000Z.jsonl'));
      appendAt(record(2, { tool: 'second' }));
      appendAt(record(3, { tool: 'third' }));
      // And again, after appending.
      renameSync(current, path.join(dir, 'audit-20250101T000000001Z.jsonl'));
      appendAt(record(4, { tool: 'fourth' }));
      assert.deepEqual(
        index.query({}).records.map((item) => item.tool),
        ['fourth', 'third', 'second', 'first'],
      );
      assert.equal(index.stats.heldRecords, 0);
      assert.equal(index.stats.files, 3);
    } finally {
      index.close();
    }
  });
});
