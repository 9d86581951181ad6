// The record log: a change's record reaches the disk in its process's log before the
// change is made, and its own file is written without a flush. A crash that loses or cuts
// short that file leaves the record in the log, from which the next journal to open writes
// it again; a log is removed once every record in it is safely in its own file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, readdir, readFile, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { changeRecorder } from '../../../main/core/history/capture-change.ts';
import { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import { restoreChange } from '../../../main/core/history/restore-change.ts';
import { put } from '../fixtures.ts';
import { callOf, sameDiskLayout } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

/** Runs killed-mid-change.ts, which begins a change and is killed with SIGKILL. */
async function killMidChange(args: readonly string[]): Promise<void> {
  const script = path.join(import.meta.dirname, 'killed-mid-change.ts');
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
  assert.equal(signal, 'SIGKILL', `the process was to be killed mid-change: ${stderr}`);
}

const logsIn = async (journal: ChangeJournal) =>
  (await readdir(journal.journalsFolder)).filter((name) => name.endsWith('.log'));

describe('the record log', () => {
  it('holds a change being made, flushed, before the change is made', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'before');
    const call = callOf('write_file');
    const change = await changeRecorder(journal, call).beforeWrite(
      await policy.resolveForCreate('a.txt'),
    );
    await change.recorded();
    const [log] = await logsIn(journal);
    assert.ok(log, 'this process has a log');
    const lines = (await readFile(path.join(journal.journalsFolder, log), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id?: string; status?: string });
    assert.deepEqual(
      lines.map((line) => [line.id, line.status]),
      [[call.id, 'pending']],
    );
    await change.abandon();
  });

  it('brings back a made change whose own file a crash lost, so it can still be undone', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'the original');
    await killMidChange([dataDir, ws, 'lostrecord', 'write', 'a.txt', 'made']);
    // What a power cut can do to a file written without a flush.
    await unlink(recordFileOf(dataDir, 'lostrecord'));
    const reopened = await ChangeJournal.open(dataDir);
    assert.deepEqual(await logsIn(reopened), [], 'the dead process’s log is retired');
    assert.equal((await reopened.mustRead('lostrecord')).status, 'done');
    await restoreChange(reopened, policy, 'lostrecord');
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'the original');
  });

  it('writes again a record file a crash cut short', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'the original');
    await killMidChange([dataDir, ws, 'tornrecord', 'write', 'a.txt', 'made']);
    await truncate(recordFileOf(dataDir, 'tornrecord'), 20);
    const reopened = await ChangeJournal.open(dataDir);
    assert.equal((await reopened.mustRead('tornrecord')).status, 'done');
    await restoreChange(reopened, policy, 'tornrecord');
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'the original');
  });

  it('does not bring back a change that was abandoned', async () => {
    const { ws, dataDir, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'before');
    const call = callOf('write_file');
    const change = await changeRecorder(journal, call).beforeWrite(
      await policy.resolveForCreate('a.txt'),
    );
    await change.abandon();
    await put(ws, 'a.txt', 'changed by the person later');
    const log = path.join(journal.journalsFolder, (await logsIn(journal))[0] ?? '');
    // The log as a process that ended would leave it: renamed to another pid.
    const left = path.join(journal.journalsFolder, `999999999-0.log`);
    await copyFile(log, left);
    const reopened = await ChangeJournal.open(dataDir);
    assert.equal(await reopened.read(call.id), undefined);
    assert.ok(!(await logsIn(reopened)).includes('999999999-0.log'));
  });

  it('starts a new log when one is full, and retires the full one once its changes end', async () => {
    const { journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    for (let i = 0; i < 520; i++) await agent.write(`f${i % 20}.txt`, `version ${i}`);
    let logs = await logsIn(journal);
    for (let wait = 0; logs.length > 1 && wait < 100; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      logs = await logsIn(journal);
    }
    assert.equal(logs.length, 1, 'only the log in use is left');
    const lines = (await readFile(path.join(journal.journalsFolder, logs[0] ?? ''), 'utf8'))
      .trim()
      .split('\n');
    assert.equal(lines.length, 520 - 512);
  });
});

/** A change's own record file, read as the disk holds it. */
function recordFileOf(dataDir: string, id: string): string {
  return path.join(dataDir, 'history', 'changes', `${id}.json`);
}
