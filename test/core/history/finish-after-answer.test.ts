import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ChangeJournal, type ProblemLog } from '../../../main/core/history/change-journal.ts';
import { parseRecordFile } from '../../../main/core/history/record-file.ts';
import { restoreChange } from '../../../main/core/history/restore-change.ts';
import { put } from '../fixtures.ts';
import { exists, filesBelow, sameDiskLayout } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where write_file's kept version waits until the finish moves it into the store. */
function stagedOf(journal: ChangeJournal, id: string): string {
  return journal.stagedPath(id, 0);
}

function blobOf(journal: ChangeJournal, record: { steps: readonly unknown[] }): string {
  const step = record.steps[0] as { kind: string; sha256: string };
  assert.equal(step.kind, 'file');
  return journal.store.blobPath(step.sha256);
}

describe('a write finished after its answer', () => {
  it('answers with the finished change, then hashes the old version and moves it into the store', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'the original');
    const record = await agentOf(journal, policy).write('a.txt', 'replaced');
    assert.equal(record.status, 'done');
    assert.equal(record.undoable, true);
    // The answer is given before the bookkeeping, which waits for the next turn.
    assert.equal(record.steps[0]?.kind, 'staged', 'the old version is not hashed yet');
    assert.equal(await exists(stagedOf(journal, record.id)), true);
    await journal.settled(record.id);
    assert.equal(await exists(stagedOf(journal, record.id)), false);
    const onDisk = parseRecordFile(await readFile(journal.recordPath(record.id), 'utf8'));
    assert.equal(onDisk?.status, 'done');
    assert.ok(onDisk);
    assert.equal(await readFile(blobOf(journal, onDisk), 'utf8'), 'the original');
    assert.deepEqual(await journal.read(record.id), onDisk);
  });

  it('is read and listed as done while its bookkeeping is under way', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'the original');
    const record = await agentOf(journal, policy).write('a.txt', 'replaced');
    assert.equal((await journal.read(record.id))?.status, 'done');
    const again = await agentOf(journal, policy).write('a.txt', 'replaced again');
    assert.deepEqual(
      (await journal.list()).map((one) => [one.id, one.status]),
      [
        [again.id, 'done'],
        [record.id, 'done'],
      ],
    );
  });

  it('is undone by a restore asked for straight after it', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const file = await put(ws, 'a.txt', 'the original');
    const record = await agentOf(journal, policy).write('a.txt', 'replaced');
    const { restored } = await restoreChange(journal, policy, record.id);
    assert.equal(await readFile(file, 'utf8'), 'the original');
    assert.equal(restored.restoredBy !== undefined, true);
    assert.equal((await journal.mustRead(record.id)).restoredBy, restored.restoredBy);
  });

  it('is emptied with history by an empty asked for straight after it', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'the original');
    const record = await agentOf(journal, policy).write('a.txt', 'replaced');
    const report = await journal.empty();
    assert.deepEqual(report.removed, [record.id]);
    assert.equal(await journal.read(record.id), undefined);
    assert.deepEqual(await filesBelow(journal.changesFolder), []);
  });

  it('is pruned, once too old, by a prune asked for straight after it', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const { ws, journal, policy } = await sameDiskLayout({ clock: () => now });
    await put(ws, 'a.txt', 'the original');
    const record = await agentOf(journal, policy).write('a.txt', 'replaced');
    now += 31 * DAY_MS;
    await journal.prune();
    assert.equal(await journal.read(record.id), undefined);
    assert.deepEqual(await filesBelow(journal.changesFolder), []);
  });

  it('says a change cannot be undone when its kept version is gone before it is hashed', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const file = await put(ws, 'a.txt', 'the original');
    // Taken away between the answer and the bookkeeping, just as it is to be hashed.
    const hashKept = journal.store.hashKept.bind(journal.store);
    journal.store.hashKept = async (staged, size) => {
      await unlink(staged);
      return hashKept(staged, size);
    };
    const record = await agentOf(journal, policy).write('a.txt', 'replaced');
    await journal.settled(record.id);
    const finished = await journal.mustRead(record.id);
    assert.equal(finished.status, 'done');
    assert.equal(finished.undoable, false);
    assert.match(finished.reason ?? '', /could not read back the version it kept/);
    assert.equal(finished.steps[0]?.kind, 'unkept');
    await assert.rejects(restoreChange(journal, policy, record.id), /cannot be undone/);
    assert.equal(await readFile(file, 'utf8'), 'replaced');
  });

  it('logs a bookkeeping that failed, and leaves the change as the disk has it', async () => {
    const logged: string[] = [];
    const log: ProblemLog = { error: (message) => logged.push(message) };
    const { ws, journal, policy } = await sameDiskLayout({ log });
    const file = await put(ws, 'a.txt', 'the original');
    const promote = journal.store.promote.bind(journal.store);
    journal.store.promote = () => Promise.reject(new Error('the store is out of reach'));
    const record = await agentOf(journal, policy).write('a.txt', 'replaced');
    await journal.settled(record.id);
    journal.store.promote = promote;
    assert.deepEqual(logged, [
      `could not finish change ${record.id} in history; the next start will`,
    ]);
    assert.equal(await readFile(file, 'utf8'), 'replaced');
    // Its closing line was written; the old version, still staged, is what a restore takes.
    assert.equal((await journal.read(record.id))?.status, 'done');
    await restoreChange(journal, policy, record.id);
    assert.equal(await readFile(file, 'utf8'), 'the original');
  });
});

/** Runs killed-mid-change.ts for an answered write; gives what it wrote to stderr. */
async function killAfterAnswer(args: readonly string[]): Promise<string> {
  const script = path.join(import.meta.dirname, 'killed-mid-change.ts');
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  assert.equal(signal, 'SIGKILL', `the process was to be killed after its answer: ${stderr}`);
  return stderr;
}

describe('a crash after a write answered (kill -9)', () => {
  it('finishes at the next start a write killed before its bookkeeping, so it can be undone', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    const file = await put(ws, 'a.txt', 'the original');
    await killAfterAnswer([dataDir, ws, 'answered0001', 'answered-write', 'a.txt', 'made']);
    assert.equal(await readFile(file, 'utf8'), 'written by the killed process');
    const reopened = await ChangeJournal.open(dataDir);
    const record = await reopened.mustRead('answered0001');
    assert.equal(record.status, 'done');
    assert.equal(await readFile(blobOf(reopened, record), 'utf8'), 'the original');
    assert.equal(await exists(stagedOf(reopened, record.id)), false);
    await restoreChange(reopened, policy, record.id);
    assert.equal(await readFile(file, 'utf8'), 'the original');
  });

  it('moves into the store at the next start the version a failed bookkeeping left staged', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    const file = await put(ws, 'a.txt', 'the original');
    const stderr = await killAfterAnswer([
      dataDir,
      ws,
      'answered0002',
      'answered-write',
      'a.txt',
      'finish-fails',
    ]);
    assert.match(stderr, /could not finish change answered0002 in history/);
    const reopened = await ChangeJournal.open(dataDir);
    const record = await reopened.mustRead('answered0002');
    assert.equal(record.status, 'done');
    assert.equal(await readFile(blobOf(reopened, record), 'utf8'), 'the original');
    assert.equal(await exists(stagedOf(reopened, record.id)), false);
    await restoreChange(reopened, policy, record.id);
    assert.equal(await readFile(file, 'utf8'), 'the original');
  });
});
