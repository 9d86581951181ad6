import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { AuditRecord } from '../../../../main/core/audit/audit-record.ts';
import { AuditIndex } from '../../../../main/core/audit/search/audit-index.ts';
import { csvCell } from '../../../../main/core/audit/search/csv-cell.ts';
import { CSV_COLUMNS, exportAudit } from '../../../../main/core/audit/search/export.ts';
import { fakeRecord as record } from '../audit-fixture.ts';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A Writable that collects everything, slowly when asked, to exercise backpressure. */
function sink(options: { highWaterMark?: number; delayMs?: number } = {}): {
  out: Writable;
  text: () => string;
} {
  const chunks: Buffer[] = [];
  const out = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      if (options.delayMs) setTimeout(done, options.delayMs);
      else done();
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** An RFC 4180 reader: enough to read back what the exporter wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('CSV cells', () => {
  it('quotes cells with commas, quotes, line breaks or edge spaces, doubling quotes', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
    assert.equal(csvCell(' padded'), '" padded"');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(csvCell({ a: '=1' }), '"{""a"":""=1""}"');
    assert.equal(csvCell(['-x']), '"[""-x""]"');
  });

  it('prefixes text cells that a spreadsheet would run as a formula with a quote', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil","x")'), '"\'=HYPERLINK(""http://evil"",""x"")"');
    assert.equal(csvCell('+1+1'), "'+1+1");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=1'), "'\t=1");
    assert.equal(csvCell('\r=1'), '"\'\r=1"');
    assert.equal(csvCell('a=1'), 'a=1');
    assert.equal(csvCell(-5), '-5');
  });
});

describe('exportAudit', () => {
  const records = [
    record(1, {
      tool: 'read_text_file',
      client: 'cursor, v2',
      paths: ['/ws/a,b.txt', '/ws/line\nbreak.md'],
      args: { path: '/ws/a,b.txt' },
      durationMs: 2.5,
      bytesIn: 10,
      bytesOut: 20,
      correlationId: 'c0ffee',
    }),
    record(2, {
      tool: 'write_file',
      outcome: 'denied',
      reason: '=cmd|"/c calc"!A1',
      client: '@evil',
    }),
    record(3, { event: 'settings_change', detail: { changed: ['workspaces'] }, reason: '-1+1' }),
  ];

  it('writes CSV: a header, one row per record, then the verification status and count', async () => {
    const { out, text } = sink();
    const summary = await exportAudit(records, out, {
      format: 'csv',
      verification: 'ok (1,000,000 records, chain intact)',
    });
    assert.equal(summary.records, 3);
    const written = text();
    assert.ok(written.startsWith(`${CSV_COLUMNS.join(',')}\r\n`), 'the header row comes first');
    assert.ok(
      written.endsWith('"# verification: ok (1,000,000 records, chain intact); records: 3"\r\n'),
    );
    const rows = parseCsv(written);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(rows.length, 5);
    const cell = (row: number, column: (typeof CSV_COLUMNS)[number]): string | undefined =>
      rows[row]?.[CSV_COLUMNS.indexOf(column)];
    assert.equal(cell(1, 'client'), 'cursor, v2');
    assert.deepEqual(JSON.parse(cell(1, 'paths') ?? ''), ['/ws/a,b.txt', '/ws/line\nbreak.md']);
    assert.equal(cell(1, 'durationMs'), '2.5');
    assert.deepEqual(JSON.parse(cell(1, 'args') ?? ''), { path: '/ws/a,b.txt' });
    assert.equal(cell(2, 'reason'), `'=cmd|"/c calc"!A1`);
    assert.equal(cell(2, 'client'), "'@evil");
    assert.equal(cell(3, 'reason'), "'-1+1");
    assert.deepEqual(JSON.parse(cell(3, 'detail') ?? ''), { changed: ['workspaces'] });
    for (const row of rows.slice(1, -1)) {
      for (const value of row)
        assert.doesNotMatch(value, /^[=+\-@\t\r]/, 'no cell can start a formula');
    }
  });

  it('keeps a verification status with line breaks on one line', async () => {
    const { out, text } = sink();
    await exportAudit([], out, { format: 'csv', verification: 'FAILED\r\n=1+1,evil' });
    const rows = parseCsv(text());
    assert.deepEqual(rows.at(-1), ['# verification: FAILED  =1+1,evil; records: 0']);
    assert.equal(rows.length, 2);
  });

  it('writes JSONL: the records, then a final line with the verification status and count', async () => {
    const { out, text } = sink();
    const stored = records.map((item) => JSON.stringify(item));
    // Lines as stored pass through byte for byte, objects are serialized.
    await exportAudit([stored[0] as string, records[1] as AuditRecord, stored[2] as string], out, {
      format: 'jsonl',
      verification: 'ok (3 records, chain intact)',
    });
    const lines = text().split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines.slice(0, 3), stored);
    assert.deepEqual(JSON.parse(lines[3] as string), {
      verification: 'ok (3 records, chain intact)',
      records: 3,
    });
  });

  it('puts the verification line in the same place in CSV and JSONL: last, after every record', async () => {
    const verification = 'ok (3 records, chain intact)';
    const csv = sink();
    await exportAudit(records, csv.out, { format: 'csv', verification });
    const jsonl = sink();
    await exportAudit(records, jsonl.out, { format: 'jsonl', verification });
    const csvRows = parseCsv(csv.text());
    const jsonLines = jsonl.text().trimEnd().split('\n');
    const place = (lines: readonly string[], matches: (line: string) => boolean) =>
      lines.length - 1 - lines.findIndex(matches);
    assert.equal(
      place(
        csvRows.map((row) => row.join(',')),
        (row) => row.startsWith('# verification:'),
      ),
      0,
      'CSV: the last row',
    );
    assert.equal(
      place(jsonLines, (line) => 'verification' in JSON.parse(line)),
      0,
      'JSONL: the last line',
    );
  });

  it('refuses a JSONL record line that holds a line break', async () => {
    const { out } = sink();
    await assert.rejects(
      exportAudit(['{"seq":1}\n{"seq":2}'], out, { format: 'jsonl', verification: 'ok' }),
      TypeError,
    );
  });

  it('waits for a slow stream (backpressure) and writes everything', async () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      record(i + 1, { paths: [`/ws/${'x'.repeat(200)}/${i}`] }),
    );
    const { out, text } = sink({ highWaterMark: 1024, delayMs: 1 });
    let drains = 0;
    out.on('drain', () => drains++);
    await exportAudit(many, out, { format: 'jsonl', verification: 'ok' });
    assert.ok(drains > 0, 'the exporter waited for drain');
    assert.equal(text().split('\n').length, 3002);
  });

  it('rejects when the stream fails, and when it is destroyed before the end', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('disk full'));
      },
    });
    const many = Array.from({ length: 2000 }, (_, i) => record(i + 1));
    await assert.rejects(
      exportAudit(many, failing, { format: 'csv', verification: 'ok' }),
      /disk full/,
    );

    const slow = new Writable({ highWaterMark: 16, write: () => undefined });
    setTimeout(() => slow.destroy(), 10);
    await assert.rejects(
      exportAudit(many, slow, { format: 'jsonl', verification: 'ok' }),
      /closed/,
    );
  });

  it('leaves the stream open with end: false', async () => {
    const out = new PassThrough();
    await exportAudit([records[0] as AuditRecord], out, {
      format: 'jsonl',
      verification: 'ok',
      end: false,
    });
    assert.equal(out.writableEnded, false);
    out.end();
  });

  it('exports a filtered view of an index, oldest first, with the stored lines', async () => {
    const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'airlock-export-')));
    made.push(dir);
    const file = path.join(dir, 'audit.jsonl');
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify(
        record(i + 1, { outcome: i % 4 === 0 ? 'denied' : 'ok', paths: [`/ws/${i}.txt`] }),
      ),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const index = await AuditIndex.build([file]);
    try {
      const { out, text } = sink();
      const summary = await exportAudit(
        index.scanLines({ outcome: 'denied' }, 'oldest-first'),
        out,
        {
          format: 'jsonl',
          verification: 'ok',
        },
      );
      assert.equal(summary.records, 5);
      const written = text().trim().split('\n');
      assert.deepEqual(written.slice(0, 5), [lines[0], lines[4], lines[8], lines[12], lines[16]]);

      const csv = sink();
      await exportAudit(index.scan({ text: '/ws/1' }), csv.out, {
        format: 'csv',
        verification: 'ok',
      });
      const seqs = parseCsv(csv.text())
        .slice(1, -1)
        .map((row) => Number(row[0]));
      assert.deepEqual(seqs, [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 2]);
    } finally {
      index.close();
    }
  });
});
