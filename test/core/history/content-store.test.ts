import assert from 'node:assert/strict';
import { link, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import { put } from '../fixtures.ts';
import { filesBelow, makeHistoryLayout, sameDiskLayout } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

/**
 * What the change's record, once finished, says it kept: the answer comes before the kept
 * version is hashed (finishAfterAnswer), so it is read back from history, which waits.
 */
async function keptBy(
  journal: ChangeJournal,
  change: { readonly id: string },
): Promise<{ sha256: string; size: number }> {
  const step = (await journal.read(change.id))?.steps[0];
  assert.equal(step?.kind, 'file');
  return { sha256: step.sha256, size: step.size };
}

describe('the content store', () => {
  it('keeps an overwritten file by hard link when the data dir is on the same file system', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const file = await put(ws, 'a.txt', 'the original');
    const original = await stat(file);
    const change = await agentOf(journal, policy).write('a.txt', 'replaced');
    // The old version moves into the store after the answer (finishAfterAnswer): looked
    // at directly, the store is waited for; history's own reads wait by themselves.
    await journal.settled();
    const blob = journal.store.blobPath((await keptBy(journal, change)).sha256);
    const kept = await stat(blob);
    assert.equal(kept.ino, original.ino, 'the blob is the old file itself');
    assert.equal(kept.nlink, 1, 'and no other name reaches it');
    assert.equal(await readFile(blob, 'utf8'), 'the original');
  });

  it('copies a file that has other hard links, so writing through them cannot change history', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const file = await put(ws, 'a.txt', 'shared');
    await link(file, path.join(ws, 'other-name.txt'));
    const change = await agentOf(journal, policy).write('a.txt', 'replaced');
    await journal.settled();
    const blob = journal.store.blobPath((await keptBy(journal, change)).sha256);
    assert.notEqual((await stat(blob)).ino, (await stat(path.join(ws, 'other-name.txt'))).ino);
    assert.equal(await readFile(blob, 'utf8'), 'shared');
  });

  it('copies the old content when the data dir is on another file system', async (t) => {
    const layout = await makeHistoryLayout('other disk');
    if ('skip' in layout) return t.skip(layout.skip);
    const { ws, journal, policy } = layout;
    const file = await put(ws, 'a.txt', 'the original');
    const original = await stat(file);
    const change = await agentOf(journal, policy).write('a.txt', 'replaced');
    await journal.settled();
    const kept = await stat(journal.store.blobPath((await keptBy(journal, change)).sha256));
    assert.notEqual(kept.dev, original.dev);
    assert.equal(
      await readFile(journal.store.blobPath((await keptBy(journal, change)).sha256), 'utf8'),
      'the original',
    );
  });

  it('stores identical versions once', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    await put(ws, 'a.txt', 'same words');
    await put(ws, 'b.txt', 'same words');
    const first = await agent.write('a.txt', 'changed a');
    const second = await agent.write('b.txt', 'changed b');
    const { sha256 } = await keptBy(journal, first);
    assert.equal((await keptBy(journal, second)).sha256, sha256);
    assert.deepEqual(await filesBelow(journal.store.root), [`${sha256.slice(0, 2)}/${sha256}`]);
  });

  it('names each blob by the SHA-256 of its content', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'abc');
    const change = await agentOf(journal, policy).write('a.txt', 'x');
    await journal.settled();
    assert.deepEqual(await keptBy(journal, change), {
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      size: 3,
    });
  });

  it('keeps history private: folders 0700, blobs and records 0600', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'private words');
    const change = await agentOf(journal, policy).write('a.txt', 'x');
    await journal.settled();
    const blob = journal.store.blobPath((await keptBy(journal, change)).sha256);
    for (const folder of [
      journal.root,
      journal.changesFolder,
      journal.store.root,
      path.dirname(blob),
    ])
      assert.equal((await stat(folder)).mode & 0o777, 0o700, folder);
    assert.equal((await stat(blob)).mode & 0o777, 0o600);
    assert.equal((await stat(journal.recordPath(change.id))).mode & 0o777, 0o600);
  });

  it('leaves nothing staged once a change is finished', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agentOf(journal, policy).write('a.txt', 'two');
    await journal.settled();
    assert.deepEqual(await filesBelow(journal.changesFolder), [`${change.id}.json`]);
  });
});
