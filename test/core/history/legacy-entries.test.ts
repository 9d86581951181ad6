import assert from 'node:assert/strict';
import { readFile, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import { DEFAULT_HISTORY_LIMITS } from '../../../main/core/history/history-limits.ts';
import { restoreChange } from '../../../main/core/history/restore-change.ts';
import { put } from '../fixtures.ts';
import { exists, sameDiskLayout, snapshot } from './history-fixtures.ts';
import { deleteIntoLegacyEntry } from './legacy-entry-fixture.ts';

describe('deletions kept by the first form of history', () => {
  it('are listed as delete_file changes', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    await put(ws, 'old/notes.txt', 'kept the old way');
    const entry = await deleteIntoLegacyEntry(
      dataDir,
      await policy.resolveLinkItself('old'),
      'directory',
    );
    const journal = await ChangeJournal.open(dataDir);
    const [record] = await journal.list();
    assert.equal(record?.id, entry.id);
    assert.equal(record?.tool, 'delete_file');
    assert.equal(record?.legacy, true);
    assert.equal(record?.undoable, true);
    assert.deepEqual(record?.steps[0]?.kind === 'deleted' && record.steps[0].at, {
      root: ws,
      path: 'old',
    });
  });

  it('are restored like any change, file, folder or link, and marked as restored', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    await put(ws, 'folder/inner/a.txt', 'a');
    await put(ws, 'file.txt', 'f');
    await symlink('file.txt', path.join(ws, 'link'));
    const before = await snapshot(ws);
    const deleteOldWay = async (name: string, kind: 'file' | 'directory') =>
      deleteIntoLegacyEntry(dataDir, await policy.resolveLinkItself(name), kind);
    const entries = [
      await deleteOldWay('folder', 'directory'),
      await deleteOldWay('link', 'file'),
      await deleteOldWay('file.txt', 'file'),
    ];
    const journal = await ChangeJournal.open(dataDir);
    for (const entry of entries.reverse()) {
      const { restored } = await restoreChange(journal, policy, entry.id);
      assert.ok(restored.restoredBy);
    }
    assert.deepEqual(await snapshot(ws), before);
    assert.equal(await readlink(path.join(ws, 'link')), 'file.txt');
    assert.equal(await readFile(path.join(ws, 'folder/inner/a.txt'), 'utf8'), 'a');
    const listed = await journal.list();
    for (const entry of entries)
      assert.ok(listed.find((record) => record.id === entry.id)?.restoredBy);
  });

  it('are pruned by age with the rest', async () => {
    const { ws, dataDir, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'old');
    const entry = await deleteIntoLegacyEntry(
      dataDir,
      await policy.resolveLinkItself('a.txt'),
      'file',
    );
    const later = Date.now() + 31 * 24 * 60 * 60 * 1000;
    await sleep(80);
    const journal = await ChangeJournal.open(dataDir, {
      limits: DEFAULT_HISTORY_LIMITS,
      clock: () => later,
    });
    assert.equal(await journal.read(entry.id), undefined);
    assert.equal(await exists(path.join(journal.root, entry.id)), false);
  });
});
