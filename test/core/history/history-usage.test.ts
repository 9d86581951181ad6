import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { changeRecorder } from '../../../main/core/history/capture-change.ts';
import { keptCopyOf } from '../../../main/core/history/kept-copy.ts';
import { put } from '../fixtures.ts';
import { callOf, filesBelow, sameDiskLayout } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

describe('what history holds, for the settings and the undo preview', () => {
  it('counts the changes and the bytes they keep, each content once', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    await put(ws, 'a.txt', '12345');
    await put(ws, 'b.txt', '12345');
    await put(ws, 'gone/c.txt', '1234567');
    await agent.write('a.txt', 'x');
    await agent.write('b.txt', 'y');
    await agent.delete('gone');
    const usage = await journal.usage();
    assert.equal(usage.changes, 3);
    assert.equal(usage.keptBytes, 5 + 7);
  });

  it('empties on request, all but a change being made', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    await put(ws, 'a.txt', 'old');
    await put(ws, 'gone.txt', 'deleted');
    await agent.write('a.txt', 'new');
    await agent.delete('gone.txt');
    await put(ws, 'busy.txt', 'being written');
    const call = callOf('write_file');
    const pending = await changeRecorder(journal, call).beforeWrite(
      await policy.resolveForCreate('busy.txt'),
    );
    await sleep(80);
    const report = await journal.empty();
    assert.equal(report.removed.length, 2);
    assert.deepEqual(
      (await journal.list()).map((record) => record.id),
      [call.id],
    );
    assert.deepEqual(await filesBelow(journal.store.root), []);
    assert.deepEqual(await readdir(journal.payloadsFolder), []);
    await pending.abandon();
  });

  it('shows where a change kept the old content, and a deleted folder', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    await put(ws, 'notes.txt', 'before the edit');
    await put(ws, 'folder/inside.txt', 'in the folder');
    const edit = await agent.edit('notes.txt', 'before', 'after');
    const deletion = await agent.delete('folder');
    const content = await keptCopyOf(journal, edit, 0);
    assert.equal(content?.kind, 'content');
    assert.equal(await readFile(content.path, 'utf8'), 'before the edit');
    const entry = await keptCopyOf(journal, deletion, 0);
    assert.equal(entry?.kind, 'entry');
    assert.equal(entry.what, 'folder');
    assert.deepEqual(await filesBelow(entry.path), ['inside.txt']);
    const created = await agent.write('new.txt', 'n');
    assert.equal(await keptCopyOf(journal, created, 0), undefined);
  });
});
