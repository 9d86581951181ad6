// The activity viewer's backend: the audit log's search index, read in
// the background, kept current with every record written to the files, checked and exported.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AppError } from '../../../../main/core/app/ipc/app-error.ts';
import { AuditLog } from '../../../../main/core/audit/audit-log.ts';
import { AuditIndex } from '../../../../main/core/audit/search/audit-index.ts';
import type { ActivityAdded } from '../../../../preload/contract/activity-views.ts';
import { capturedLog, eventually } from '../app-fixture.ts';
import {
  activityLog,
  CLIENTS,
  entry,
  everything,
  FOLDERS,
  openWriter,
  START,
  tempDir,
  TOOLS,
  writeEntries,
  writtenLog,
} from './activity-fixture.ts';

const MINUTE = 60_000;

function seqs(records: readonly { seq: number }[]): number[] {
  return records.map((record) => record.seq);
}

/** seq of record `index` of the test log (seq 1 is index 0). */
function indexesWhere(count: number, test: (index: number) => boolean): number[] {
  const found: number[] = [];
  for (let index = count - 1; index >= 0; index--) if (test(index)) found.push(index + 1);
  return found;
}

describe('the activity index', () => {
  it('is read in the background; a query sent before it is ready waits for it', async () => {
    const file = await writtenLog(300);
    const activity = activityLog(file);
    activity.start();
    assert.equal(activity.state().ready, false);
    const page = await activity.query({ ...everything, limit: 5 });
    assert.deepEqual(seqs(page.records), [300, 299, 298, 297, 296]);
    assert.equal(page.totalMatched, 300);
    assert.equal(page.newestSeq, 300);
    assert.ok(page.nextCursor);
    assert.deepEqual(activity.state(), { ready: true, records: 300, check: null });
  });

  it('answers for a log that has no file yet, and finds the first records once written', async () => {
    const file = path.join(await tempDir(), 'audit.jsonl');
    const activity = activityLog(file);
    activity.start();
    assert.equal((await activity.query(everything)).totalMatched, 0);
    const writer = openWriter(file);
    writeEntries(writer, 0, 3);
    writer.close();
    await eventually(
      async () => (await activity.query(everything)).totalMatched === 3,
      'the new file is followed',
    );
  });

  it("takes this app's records in as soon as they are written, and tells the window in batches", async () => {
    const file = await writtenLog(10);
    // No polling: only the audit log's own live records can bring these in.
    const activity = activityLog(file, { pollMs: 0, notifyMs: 100 });
    activity.start();
    await activity.whenReady();
    const events: ActivityAdded[] = [];
    activity.onAdded((added) => events.push(added));
    const audit = new AuditLog(openWriter(file));
    activity.follow(audit);
    try {
      await audit.record(entry(10));
      await eventually(async () => (await activity.query(everything)).totalMatched === 11, 'live');
      assert.deepEqual(events, [{ count: 1, newestSeq: 11 }]);
      for (let index = 11; index < 31; index++) await audit.record(entry(index));
      await eventually(() => events.length === 2, 'one more event for the burst', 2000);
      assert.deepEqual(events[1], { count: 20, newestSeq: 31 });
      const page = await activity.query({ ...everything, limit: 2 });
      assert.deepEqual(seqs(page.records), [31, 30]);
      assert.equal(page.records[0]?.tool, entry(30).tool);
    } finally {
      audit.close();
    }
  });

  it('picks up records another Airlock process appends to the same files', async () => {
    const file = await writtenLog(5);
    const activity = activityLog(file);
    activity.start();
    await activity.whenReady();
    // Another writer on the same chain, as a client's own `airlock serve --stdio` is.
    const other = openWriter(file);
    writeEntries(other, 5, 12);
    other.close();
    await eventually(
      async () => (await activity.query(everything)).totalMatched === 12,
      'the other process records',
    );
    const page = await activity.query({ ...everything, limit: 12 });
    assert.deepEqual(seqs(page.records), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('follows the log across rotations, reading each record back from its file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'audit.jsonl');
    const settings = { rotateBytes: 2000 };
    const first = openWriter(file, settings);
    writeEntries(first, 0, 10);
    first.close();
    const activity = activityLog(file);
    activity.start();
    await activity.whenReady();
    const writer = openWriter(file, settings);
    for (let index = 10; index < 60; index++) {
      writeEntries(writer, index, index + 1);
      // Some records are read between rotations, some several rotations later.
      if (index % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
    }
    writer.close();
    await eventually(
      async () => (await activity.query(everything)).totalMatched === 60,
      'every record, across rotations',
    );
    const page = await activity.query({ ...everything, limit: 60 });
    assert.deepEqual(
      seqs(page.records),
      Array.from({ length: 60 }, (_, i) => 60 - i),
    );
    for (const record of page.records)
      assert.equal(record.paths?.[0], entry(record.seq - 1).paths?.[0]);
  });

  it('reads the log again when it is cut short under it', async () => {
    const file = await writtenLog(30);
    const activity = activityLog(file);
    activity.start();
    await activity.whenReady();
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, `${lines.slice(0, 10).join('\n')}\n`);
    await eventually(
      async () => (await activity.query(everything)).totalMatched === 10,
      'the index is rebuilt from the files',
    );
    assert.deepEqual(seqs((await activity.query({ ...everything, limit: 3 })).records), [10, 9, 8]);
  });

  it('tells the window in plain words when the log cannot be read, and the cause to diagnostics only', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'audit.jsonl');
    mkdirSync(file); // a folder where the log should be: reading it fails with EISDIR
    const log = capturedLog();
    const activity = activityLog(file, { log });
    activity.start();
    await activity.whenReady();
    const plain =
      'Airlock could not read the activity log. The details are in its diagnostics log.';
    assert.equal(activity.state().problem, plain);
    const refused = await activity.query(everything).catch((error: unknown) => error);
    assert.ok(refused instanceof AppError);
    assert.equal(refused.message, plain);
    assert.ok(
      log.lines.some((line) => line.includes('EISDIR')),
      `the cause is in the diagnostics log: ${log.lines.join('\n')}`,
    );
  });

  it('refuses queries once closed', async () => {
    const file = await writtenLog(3);
    const activity = activityLog(file);
    activity.start();
    await activity.close();
    await assert.rejects(activity.query(everything), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'unavailable');
      return true;
    });
  });
});

describe('activity filters', () => {
  const COUNT = 120;
  let file: string;
  const ready = (async () => {
    file = await writtenLog(COUNT);
    const activity = activityLog(file);
    activity.start();
    return activity;
  })();

  async function matches(filters: object): Promise<number[]> {
    const page = await (await ready).query({ filters, limit: 500, offset: 0 });
    assert.equal(page.totalMatched, page.records.length);
    return seqs(page.records);
  }

  it('maps each filter of the window to the search engine', async () => {
    assert.deepEqual(
      await matches({ client: CLIENTS[1] }),
      indexesWhere(COUNT, (i) => i % 2 === 1),
    );
    assert.deepEqual(
      await matches({ tool: TOOLS[2] }),
      indexesWhere(COUNT, (i) => i % 3 === 2),
    );
    assert.deepEqual(
      await matches({ workspace: FOLDERS[0] }),
      indexesWhere(COUNT, (i) => i % 2 === 0),
    );
    assert.deepEqual(
      await matches({ outcome: 'denied' }),
      indexesWhere(COUNT, (i) => i % 5 === 4),
    );
    assert.deepEqual(
      await matches({ since: START + 10 * MINUTE, until: START + 20 * MINUTE }),
      indexesWhere(COUNT, (i) => i >= 10 && i < 20),
    );
    assert.deepEqual(
      await matches({ text: 'file-11' }),
      indexesWhere(COUNT, (i) => String(i).startsWith('11')),
    );
    assert.deepEqual(
      await matches({ text: '   ' }),
      indexesWhere(COUNT, () => true),
    );
    assert.deepEqual(
      await matches({ event: 'tool_call' }),
      indexesWhere(COUNT, () => true),
    );
    assert.deepEqual(await matches({ event: 'approval' }), []);
  });

  it('combines filters: every one given must hold', async () => {
    assert.deepEqual(
      await matches({ client: CLIENTS[0], tool: TOOLS[1], outcome: 'ok', text: 'taxes' }),
      indexesWhere(
        COUNT,
        (i) =>
          i % 2 === 0 && i % 3 === 1 && i % 5 !== 4 && i % 7 !== 6 && FOLDERS[i % 2] === FOLDERS[1],
      ),
    );
  });

  it('offers every client, tool and folder of the log for the menus', async () => {
    assert.deepEqual(await (await ready).filterOptions(), {
      clients: [...CLIENTS].sort(),
      tools: [...TOOLS].sort(),
      workspaces: [...FOLDERS].sort(),
    });
  });

  it('opens any position of the list, and keeps places while newer records arrive', async () => {
    const activity = await ready;
    const first = await activity.query({ filters: {}, limit: 10, offset: 0 });
    const before = first.newestSeq + 1;
    const writer = openWriter(file);
    writeEntries(writer, COUNT, COUNT + 5);
    writer.close();
    await eventually(
      async () => (await activity.query(everything)).totalMatched === COUNT + 5,
      'new records',
    );
    const deep = await activity.query({ filters: {}, limit: 3, offset: 100, beforeSeq: before });
    assert.deepEqual(seqs(deep.records), [20, 19, 18]);
    const next = await activity.query({
      filters: {},
      limit: 3,
      offset: 0,
      cursor: deep.nextCursor,
    });
    assert.deepEqual(seqs(next.records), [17, 16, 15]);
    assert.equal(next.totalMatched, COUNT + 5, 'the total counts the whole log');
  });

  it('refuses a cursor it cannot place, in plain words', async () => {
    await assert.rejects(
      (await ready).query({ filters: {}, limit: 3, offset: 0, cursor: 'bm90LWEtY3Vyc29y' }),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'invalid_request');
        assert.match(error.message, /out of date/);
        return true;
      },
    );
  });
});

describe('activity export', () => {
  it('writes exactly the filtered records, as stored, with the check at the end (JSONL)', async () => {
    const file = await writtenLog(40);
    const activity = activityLog(file);
    activity.start();
    const out = path.join(path.dirname(file), 'denied.jsonl');
    const count = await activity.exportTo(out, { outcome: 'denied' }, 'jsonl');
    const stored = readFileSync(file, 'utf8').trimEnd().split('\n');
    const expected = stored.filter((line) => JSON.parse(line).outcome === 'denied').reverse();
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(count, expected.length);
    assert.deepEqual(lines.slice(0, -1), expected);
    const last = JSON.parse(lines.at(-1) as string);
    assert.equal(last.records, expected.length);
    assert.match(
      last.verification,
      /^ok \(40 records, chain intact, anchored; checked .* up to record 40\)$/,
    );
  });

  it('writes CSV: a header, one row per filtered record, then the check', async () => {
    const file = await writtenLog(40);
    const activity = activityLog(file);
    activity.start();
    const out = path.join(path.dirname(file), 'cursor.csv');
    const count = await activity.exportTo(out, { client: CLIENTS[1], tool: TOOLS[0] }, 'csv');
    const rows = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    const expected = indexesWhere(40, (i) => i % 2 === 1 && i % 3 === 0);
    assert.equal(count, expected.length);
    assert.match(rows[0] as string, /^seq,ts,event,outcome,client/);
    assert.deepEqual(
      rows.slice(1, -1).map((row) => Number(row.split(',')[0])),
      expected,
    );
    assert.match(rows.at(-1) as string, /^"# verification: ok \(40 records, chain intact/);
  });

  it('holds only the records below the seq the list was pinned at, when given', async () => {
    const file = await writtenLog(30);
    const activity = activityLog(file);
    activity.start();
    const list = await activity.query({ ...everything, filters: { outcome: 'ok' } });
    const writer = openWriter(file);
    writeEntries(writer, 30, 40);
    writer.close();
    await eventually(
      async () => (await activity.query(everything)).totalMatched === 40,
      'newer records, not in the list',
    );
    const pinned = path.join(path.dirname(file), 'pinned.jsonl');
    const count = await activity.exportTo(pinned, { outcome: 'ok' }, 'jsonl', list.newestSeq + 1);
    const lines = readFileSync(pinned, 'utf8').trimEnd().split('\n').slice(0, -1);
    assert.equal(count, list.totalMatched);
    assert.deepEqual(
      lines.map((line) => JSON.parse(line).seq),
      seqs(list.records),
    );
    const everyOk = path.join(path.dirname(file), 'all.jsonl');
    assert.equal(
      await activity.exportTo(everyOk, { outcome: 'ok' }, 'jsonl'),
      indexesWhere(40, (i) => i % 5 !== 4 && i % 7 !== 6).length,
      'without a bound, every match',
    );
  });

  it('leaves nothing under the chosen name when the file cannot be written', async () => {
    const file = await writtenLog(5);
    const activity = activityLog(file);
    activity.start();
    const out = path.join(path.dirname(file), 'no-such-folder', 'out.csv');
    await assert.rejects(activity.exportTo(out, {}, 'csv'), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.match(error.message, /could not save the file there \(ENOENT\)/);
      return true;
    });
  });
});

describe('checking the chain', () => {
  it('finds an intact log intact, and says so in plain words', async () => {
    const file = await writtenLog(25);
    const activity = activityLog(file);
    const check = await activity.verify();
    assert.equal(check.state, 'intact');
    assert.equal(check.checked, 25);
    assert.equal(check.anchored, true);
    assert.match(check.message, /intact: all 25 records are exactly as Airlock wrote them\./);
    assert.match(check.message, /Each carries Airlock's signature/);
    assert.match(check.message, /note of the last record, kept in your system keychain, matches/);
    assert.equal(check.firstProblem, undefined);
    activity.start();
    assert.deepEqual((await activity.whenReady(), activity.state().check), check);
  });

  it('reports a record changed after it was written: which one, what it means, what to do', async () => {
    const file = await writtenLog(25);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    lines[6] = (lines[6] as string).replace('file-6.txt', 'file-X.txt');
    writeFileSync(file, lines.join('\n'));
    const check = await activityLog(file).verify();
    assert.equal(check.state, 'broken');
    assert.equal(check.firstProblem?.kind, 'bad_hash');
    assert.equal(check.firstProblem?.seq, 7);
    assert.match(
      check.message,
      /changed outside Airlock\. Record 7 was changed after Airlock wrote it\./,
    );
    assert.match(check.advice ?? '', /Keep a copy of the log folder/);
  });

  it('reports records removed from the end', async () => {
    const file = await writtenLog(25);
    const lines = readFileSync(file, 'utf8').split('\n');
    truncateSync(file, Buffer.byteLength(`${lines.slice(0, 20).join('\n')}\n`));
    const check = await activityLog(file).verify();
    assert.equal(check.state, 'broken');
    assert.equal(check.firstProblem?.kind, 'truncated');
    assert.match(check.message, /end was cut off/);
  });

  it('calls an interrupted last write repairable, not tampering', async () => {
    const file = await writtenLog(5);
    appendFileSync(file, '{"seq":6,"ts":"2024');
    const check = await activityLog(file).verify();
    assert.equal(check.state, 'repairable');
    assert.match(check.advice ?? '', /Nothing needs to be done/);
  });
});

describe('the search engine, for the viewer', () => {
  it('skips `offset` matches below the cursor, and counts every match all the same', async () => {
    const file = await writtenLog(50);
    const index = await AuditIndex.build([file]);
    try {
      const denied = indexesWhere(50, (i) => i % 5 === 4);
      const page = index.query({ outcome: 'denied', offset: 3, limit: 4 });
      assert.deepEqual(seqs(page.records), denied.slice(3, 7));
      assert.equal(page.totalMatched, denied.length);
      const next = index.query({ outcome: 'denied', cursor: page.nextCursor, offset: 1, limit: 2 });
      assert.deepEqual(seqs(next.records), denied.slice(8, 10));
      assert.deepEqual(index.query({ offset: 50 }).records, []);
      assert.throws(() => index.query({ offset: -1 }), /offset must be 0 or more/);
    } finally {
      index.close();
    }
  });
});
