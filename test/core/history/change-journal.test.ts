import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TEMP_PREFIX, writeFileAtomically } from '../../../main/core/fs/atomic-write.ts';
import { changeRecorder } from '../../../main/core/history/capture-change.ts';
import { recordChange, recordWrite } from '../../../main/core/history/pending-change.ts';
import { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import { parseRecordFile } from '../../../main/core/history/record-file.ts';
import { isHistoryError } from '../../../main/core/history/history-error.ts';
import { restoreChange } from '../../../main/core/history/restore-change.ts';
import { put } from '../fixtures.ts';
import { callOf, exists, filesBelow, sameDiskLayout } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';
import { writeTempName } from '../../../main/core/history/write-temp.ts';

describe('the change journal', () => {
  it('writes the record, pending, before the change is made', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'before');
    const target = await policy.resolveForCreate('a.txt');
    const call = callOf('write_file');
    const change = await changeRecorder(journal, call).beforeWrite(target);
    // What the tool waits for before it changes anything.
    await change.recorded();
    const onDisk = parseRecordFile(await readFile(journal.recordPath(call.id), 'utf8'));
    assert.equal(onDisk?.status, 'pending');
    assert.equal(onDisk?.id, call.id);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'before');
    await change.abandon();
  });

  it('records who made the change, when, where, and what each path held after', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'before');
    const call = callOf('write_file', { client: 'Claude Desktop 1.2', session: 's-1' });
    const target = await policy.resolveForCreate('a.txt');
    const change = await changeRecorder(journal, call).beforeWrite(target);
    const { record } = await recordChange(change, () =>
      writeFileAtomically(target, Buffer.from('after')),
    );
    assert.equal(record.id, call.id);
    assert.equal(record.tool, 'write_file');
    assert.equal(record.client, 'Claude Desktop 1.2');
    assert.equal(record.session, 's-1');
    assert.equal(record.workspaceRoot, ws);
    assert.equal(record.status, 'done');
    assert.deepEqual(record.steps[0]?.kind === 'file' && record.steps[0].at, {
      root: ws,
      path: 'a.txt',
    });
    assert.deepEqual(record.steps[0]?.after, {
      kind: 'file',
      size: 5,
      sha256: createHash('sha256').update('after').digest('hex'),
    });
    assert.equal(await journal.read(call.id).then((again) => again?.status), 'done');
  });

  it('drops the record and the kept content of a change that did not happen', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'before');
    const target = await policy.resolveForCreate('a.txt');
    const call = callOf('write_file');
    const change = await changeRecorder(journal, call).beforeWrite(target);
    await assert.rejects(
      recordChange(change, async () => {
        throw new Error('the write failed');
      }),
      /the write failed/,
    );
    assert.equal(await journal.read(call.id), undefined);
    assert.deepEqual(await filesBelow(journal.changesFolder), []);
    assert.deepEqual(await filesBelow(journal.store.root), []);
  });

  it('keeps a readable record of a change that stopped before its record was put on the disk', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'moving');
    const from = await policy.resolveLinkItself('a.txt');
    const to = await policy.resolveForCreate('b.txt');
    const call = callOf('move_file');
    const change = await changeRecorder(journal, call).beforeMove(from, to);
    // Someone else moves the file away before the move is made: neither place holds it.
    await rename(path.join(ws, 'a.txt'), path.join(ws, 'elsewhere.txt'));
    const settled = await change.settle();
    assert.equal(settled?.status, 'failed');
    const onDisk = parseRecordFile(await readFile(journal.recordPath(call.id), 'utf8'));
    assert.equal(onDisk?.status, 'failed');
    assert.equal(onDisk?.undoable, false);
    assert.equal((await journal.read(call.id))?.status, 'failed');
  });

  it('drops the change a write captured while its temp file was made, when the write then fails', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const file = await put(ws, 'a.txt', 'before');
    const target = await policy.resolveForCreate('a.txt');
    const call = callOf('write_file');
    const capture = async () => {
      const change = await changeRecorder(journal, call, policy.fileAccess).beforeWrite(target);
      // The temp file goes before its rename: the write fails after the capture.
      for (let removed = false; !removed; await new Promise((resolve) => setTimeout(resolve, 1)))
        for (const name of await readdir(ws))
          if (name.startsWith(TEMP_PREFIX)) {
            await unlink(path.join(ws, name));
            removed = true;
          }
      return change;
    };
    await assert.rejects(
      recordWrite(capture, target, Buffer.from('after'), { access: policy.fileAccess }),
    );
    assert.equal(await readFile(file, 'utf8'), 'before');
    assert.equal(await journal.read(call.id), undefined);
    assert.deepEqual(await filesBelow(journal.changesFolder), []);
    assert.deepEqual(await filesBelow(journal.store.root), []);
  });

  it('changes nothing when the capture made while the temp file is made fails', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const file = await put(ws, 'a.txt', 'before');
    const target = await policy.resolveForCreate('a.txt');
    const capture = () => Promise.reject(new Error('the old version could not be kept'));
    await assert.rejects(
      recordWrite(capture, target, Buffer.from('after'), { access: policy.fileAccess }),
      /could not be kept/,
    );
    assert.equal(await readFile(file, 'utf8'), 'before');
    assert.deepEqual(await readdir(ws), ['a.txt']);
    assert.deepEqual(await journal.list(), []);
  });

  it('refuses an id it did not give out, and a second change with the same id', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'before');
    const target = await policy.resolveForCreate('a.txt');
    await assert.rejects(
      changeRecorder(journal, callOf('write_file', { id: '../escape' })).beforeWrite(target),
      (error) => isHistoryError(error, 'invalid_id'),
    );
    const call = callOf('write_file');
    const first = await changeRecorder(journal, call).beforeWrite(target);
    await assert.rejects(changeRecorder(journal, call).beforeWrite(target), (error) =>
      isHistoryError(error, 'duplicate_id'),
    );
    await first.abandon();
    assert.deepEqual(await filesBelow(journal.changesFolder), []);
  });

  it('lists changes newest first, and by time, client and workspace', async () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const { ws, journal, policy } = await sameDiskLayout({ clock: () => now });
    const byClient = (client: string) => (tool: string) => callOf(tool, { client });
    await agentOf(journal, policy, byClient('Claude Desktop 1.0')).write('one.txt', '1');
    now += 60_000;
    await agentOf(journal, policy, byClient('Cursor 2.0')).write('two.txt', '2');
    now += 60_000;
    await agentOf(journal, policy, byClient('Claude Desktop 1.0')).write('three.txt', '3');
    const paths = (records: Awaited<ReturnType<ChangeJournal['list']>>) =>
      records.map((record) => (record.steps[0]?.kind === 'absent' ? record.steps[0].at.path : ''));
    assert.deepEqual(paths(await journal.list()), ['three.txt', 'two.txt', 'one.txt']);
    assert.deepEqual(paths(await journal.list({ client: 'Claude Desktop' })), [
      'three.txt',
      'one.txt',
    ]);
    assert.deepEqual(paths(await journal.list({ since: new Date('2025-03-01T10:01:00Z') })), [
      'three.txt',
      'two.txt',
    ]);
    assert.deepEqual(paths(await journal.list({ workspace: ws })).length, 3);
    assert.deepEqual(await journal.list({ workspace: '/elsewhere' }), []);
  });

  it('orders changes made within the same millisecond as they were made', async () => {
    const { journal, policy } = await sameDiskLayout({ clock: () => 1_750_000_000_000 });
    const agent = agentOf(journal, policy);
    const made = [];
    for (const name of ['a', 'b', 'c', 'd']) made.push((await agent.write(name, name)).id);
    assert.deepEqual(
      (await journal.list()).map((record) => record.id),
      made.reverse(),
    );
  });

  it('finds a change by its id, and says plainly when there is none', async () => {
    const { journal, policy } = await sameDiskLayout();
    const change = await agentOf(journal, policy).write('a.txt', 'x');
    assert.equal((await journal.mustRead(change.id)).id, change.id);
    await assert.rejects(journal.mustRead('0123456789ab'), (error) => {
      assert.ok(isHistoryError(error, 'not_found'));
      assert.match(error.message, /No change 0123456789ab is in history/);
      return true;
    });
  });
});

/** Runs killed-mid-change.ts, which begins a change and is killed with SIGKILL. */
async function killMidChange(args: readonly string[]): Promise<void> {
  const script = path.join(import.meta.dirname, 'killed-mid-change.ts');
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  assert.equal(signal, 'SIGKILL', `the process was to be killed mid-change: ${stderr}`);
}

describe('a crash between the record and the change (kill -9)', () => {
  it('drops a change that was recorded but never made, and what it kept', async () => {
    const { ws, dataDir } = await sameDiskLayout();
    await put(ws, 'a.txt', 'untouched');
    await killMidChange([dataDir, ws, 'killed0change', 'write', 'a.txt', 'not-made']);
    const reopened = await ChangeJournal.open(dataDir);
    assert.equal(await reopened.read('killed0change'), undefined);
    assert.deepEqual(await filesBelow(reopened.changesFolder), []);
    assert.deepEqual(await filesBelow(reopened.store.root), []);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'untouched');
  });

  it('removes the temp file of a write killed before its rename, and leaves the file as it was', async () => {
    const { ws, dataDir } = await sameDiskLayout();
    await mkdir(path.join(ws, 'sub'));
    await put(ws, 'sub/a.txt', 'untouched');
    await killMidChange([dataDir, ws, 'killed0write', 'write', 'sub/a.txt', 'temp-only']);
    assert.deepEqual(await readdir(path.join(ws, 'sub')), [writeTempName('killed0write'), 'a.txt']);
    const reopened = await ChangeJournal.open(dataDir);
    assert.deepEqual(await readdir(path.join(ws, 'sub')), ['a.txt']);
    assert.equal(await readFile(path.join(ws, 'sub', 'a.txt'), 'utf8'), 'untouched');
    assert.equal(await reopened.read('killed0write'), undefined);
  });

  it('finishes a write that was made, so it can be undone', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'the original');
    await killMidChange([dataDir, ws, 'killed0change', 'write', 'a.txt', 'made']);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'written by the killed process');
    const reopened = await ChangeJournal.open(dataDir);
    const record = await reopened.mustRead('killed0change');
    assert.equal(record.status, 'done');
    await restoreChange(reopened, policy, record.id);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'the original');
  });

  it('finishes a deletion that was made, and puts the file back on restore', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    await put(ws, 'doomed.txt', 'still wanted');
    await killMidChange([dataDir, ws, 'killed0change', 'delete', 'doomed.txt', 'made']);
    assert.equal(await exists(path.join(ws, 'doomed.txt')), false);
    const reopened = await ChangeJournal.open(dataDir);
    await restoreChange(reopened, policy, 'killed0change');
    assert.equal(await readFile(path.join(ws, 'doomed.txt'), 'utf8'), 'still wanted');
  });

  it('tells a move that was made from one that was not', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'moving');
    await killMidChange([dataDir, ws, 'movemade', 'move', 'a.txt', 'made', 'b.txt']);
    await killMidChange([dataDir, ws, 'movenotmade', 'move', 'b.txt', 'not-made', 'c.txt']);
    const reopened = await ChangeJournal.open(dataDir);
    assert.equal((await reopened.mustRead('movemade')).status, 'done');
    assert.equal(await reopened.read('movenotmade'), undefined);
    await restoreChange(reopened, policy, 'movemade');
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'moving');
    assert.equal(await exists(path.join(ws, 'b.txt')), false);
  });
});
