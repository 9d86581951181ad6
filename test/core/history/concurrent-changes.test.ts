// Changes to one path made at once in one process, and changes a tool leaves open: history
// keeps every version a change replaces, so two writes to one file take turns; and a call
// that ends with its change neither finished nor abandoned has it settled by the disk.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomically } from '../../../main/core/fs/atomic-write.ts';
import { changeRecorder } from '../../../main/core/history/capture-change.ts';
import { rewindChanges } from '../../../main/core/history/restore-change.ts';
import { put } from '../fixtures.ts';
import { callOf, sameDiskLayout } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

describe('changes to one path at once', () => {
  it('keeps every version when five writes to one file run together, so a rewind gives back the first', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'the original');
    const since = new Date(journal.clock() - 1);
    const agent = agentOf(journal, policy);
    await Promise.all([1, 2, 3, 4, 5].map((n) => agent.write('a.txt', `version ${n}`)));
    const changes = await journal.list({ since });
    assert.equal(changes.length, 5);
    const befores = new Set(changes.map((change) => JSON.stringify(change.steps[0])));
    assert.equal(befores.size, 5, 'each change kept a different before-state');
    const rewound = await rewindChanges(journal, policy, { since });
    assert.equal(rewound.stoppedAt, undefined, rewound.stoppedAt?.error.message);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'the original');
  });

  it('lets a change to another path go ahead while one is held', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'a');
    const held = await changeRecorder(journal, callOf('write_file')).beforeWrite(
      await policy.resolveForCreate('a.txt'),
    );
    const other = await agentOf(journal, policy).write('b.txt', 'b');
    assert.equal(other.status, 'done');
    await held.abandon();
  });
});

describe('a change its tool left open', () => {
  it('is settled by the disk when the call closes its recorder, and its path freed', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'before');
    const call = callOf('write_file');
    const recorder = changeRecorder(journal, call, policy.fileAccess);
    const target = await policy.resolveForCreate('a.txt');
    const change = await recorder.beforeWrite(target);
    await change.recorded();
    // The tool wrote, then failed before it could finish the change.
    await writeFileAtomically(target, Buffer.from('after'));
    await recorder.close();
    assert.equal((await journal.mustRead(call.id)).status, 'done');
    const next = await agentOf(journal, policy).write('a.txt', 'later');
    assert.equal(next.status, 'done', 'the path was freed');
  });

  it('is dropped, with what it kept, when it was never made', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'before');
    const call = callOf('write_file');
    const recorder = changeRecorder(journal, call, policy.fileAccess);
    await recorder.beforeWrite(await policy.resolveForCreate('a.txt'));
    await recorder.close();
    assert.equal(await journal.read(call.id), undefined);
    assert.deepEqual(await journal.list(), []);
  });
});
