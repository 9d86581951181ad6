import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isHistoryError, type HistoryErrorCode } from '../../../main/core/history/history-error.ts';
import { previewRestore, restoreChange } from '../../../main/core/history/restore-change.ts';
import { put, makePolicy, rejectsWith } from '../fixtures.ts';
import { exists, sameDiskLayout, snapshot } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

/** Asserts a HistoryError of `code` whose message matches `words`. */
async function refusesWith(
  work: Promise<unknown>,
  code: HistoryErrorCode,
  words: RegExp,
): Promise<void> {
  await assert.rejects(work, (error) => {
    assert.ok(isHistoryError(error, code), `expected ${code}, got ${String(error)}`);
    assert.match(error.message, words);
    return true;
  });
}

describe('restoring when the path changed again since the change', () => {
  it('refuses, and says what changed, when the file was edited since', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'notes.txt', 'v1');
    const change = await agentOf(journal, policy).write('notes.txt', 'v2 by the agent');
    await writeFile(path.join(ws, 'notes.txt'), 'v3 by the person, longer');
    await refusesWith(
      restoreChange(journal, policy, change.id),
      'conflict',
      /notes\.txt was changed since: it is now 24 bytes, and was 15 bytes after this change/,
    );
    assert.equal(await readFile(path.join(ws, 'notes.txt'), 'utf8'), 'v3 by the person, longer');
  });

  it('refuses when the file was deleted since, or something new is where a file was deleted', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    await put(ws, 'a.txt', 'a');
    await put(ws, 'b.txt', 'b');
    const written = await agent.write('a.txt', 'a2');
    const deleted = await agent.delete('b.txt');
    await agent.delete('a.txt');
    await put(ws, 'b.txt', 'a new b');
    await refusesWith(
      restoreChange(journal, policy, written.id),
      'conflict',
      /a\.txt was deleted since/,
    );
    await refusesWith(
      restoreChange(journal, policy, deleted.id),
      'conflict',
      /Something new is at .*b\.txt/,
    );
  });

  it('refuses to remove a created folder that holds files made since', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    const agent = agentOf(journal, policy);
    const created = await agent.createDirectory('project/src');
    assert.ok(created);
    await put(ws, 'project/src/main.ts', 'code');
    await refusesWith(
      restoreChange(journal, policy, created.id),
      'conflict',
      /project now holds src\/main\.ts, made since/,
    );
  });

  it('lists the conflicts in a preview, changing nothing', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'notes.txt', 'v1');
    const change = await agentOf(journal, policy).write('notes.txt', 'v2');
    await writeFile(path.join(ws, 'notes.txt'), 'v3');
    const plan = await previewRestore(journal, policy, change.id);
    assert.equal(plan.conflicts.length, 1);
    assert.deepEqual(
      plan.actions.map((action) => action.op),
      ['write'],
    );
    assert.equal(await readFile(path.join(ws, 'notes.txt'), 'utf8'), 'v3');
  });

  it('with force, restores anyway and keeps the current version, so undoing the restore brings it back', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'notes.txt', 'v1');
    const change = await agentOf(journal, policy).write('notes.txt', 'v2 by the agent');
    await writeFile(path.join(ws, 'notes.txt'), 'v3 by the person');
    const { restore } = await restoreChange(journal, policy, change.id, { force: true });
    assert.equal(await readFile(path.join(ws, 'notes.txt'), 'utf8'), 'v1');
    assert.equal(restore.steps[0]?.kind, 'file', 'the restore kept what it replaced');
    await restoreChange(journal, policy, restore.id);
    assert.equal(await readFile(path.join(ws, 'notes.txt'), 'utf8'), 'v3 by the person');
  });

  it('with force, keeps a folder that stood where a deleted file goes back', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'report.txt', 'the report');
    const deleted = await agentOf(journal, policy).delete('report.txt');
    await put(ws, 'report.txt/inside.txt', 'a folder now');
    const { restore } = await restoreChange(journal, policy, deleted.id, { force: true });
    assert.equal(await readFile(path.join(ws, 'report.txt'), 'utf8'), 'the report');
    await restoreChange(journal, policy, restore.id);
    assert.equal(await readFile(path.join(ws, 'report.txt/inside.txt'), 'utf8'), 'a folder now');
  });

  it('never moves back over something new at the old place, even with force: that is kept first', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'old.txt', 'moved one');
    const moved = await agentOf(journal, policy).move('old.txt', 'new.txt');
    await put(ws, 'old.txt', 'a newcomer');
    await refusesWith(
      restoreChange(journal, policy, moved.id),
      'conflict',
      /Something new is at .*old\.txt/,
    );
    const { restore } = await restoreChange(journal, policy, moved.id, { force: true });
    assert.equal(await readFile(path.join(ws, 'old.txt'), 'utf8'), 'moved one');
    assert.equal(await exists(path.join(ws, 'new.txt')), false);
    await restoreChange(journal, policy, restore.id);
    assert.equal(await readFile(path.join(ws, 'old.txt'), 'utf8'), 'a newcomer');
    assert.equal(await readFile(path.join(ws, 'new.txt'), 'utf8'), 'moved one');
  });
});

describe('a restore is a change of its own', () => {
  it('is recorded as `restore`, naming the change it undid, which names it back', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agentOf(journal, policy).write('a.txt', 'two');
    const { restore, restored } = await restoreChange(journal, policy, change.id, {
      client: 'airlock restore',
    });
    assert.equal(restore.tool, 'restore');
    assert.equal(restore.restores, change.id);
    assert.equal(restore.client, 'airlock restore');
    assert.equal(restored.restoredBy, restore.id);
    assert.equal((await journal.mustRead(change.id)).restoredBy, restore.id);
  });

  it('can be undone, and the undo undone, each time byte for byte', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'dir/a.txt', 'one');
    const agent = agentOf(journal, policy);
    const original = await snapshot(ws);
    const deleted = await agent.delete('dir');
    const changed = await snapshot(ws);
    const first = await restoreChange(journal, policy, deleted.id);
    assert.deepEqual(await snapshot(ws), original);
    const second = await restoreChange(journal, policy, first.restore.id);
    assert.deepEqual(await snapshot(ws), changed);
    await restoreChange(journal, policy, second.restore.id);
    assert.deepEqual(await snapshot(ws), original);
  });

  it('refuses to undo a change twice, and says which restore undid it', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agentOf(journal, policy).write('a.txt', 'two');
    const { restore } = await restoreChange(journal, policy, change.id);
    await refusesWith(
      restoreChange(journal, policy, change.id),
      'already_restored',
      new RegExp(`already undone \\(change ${restore.id}\\)`),
    );
  });

  it('undoes a change once when two restores of it are asked for at the same moment', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'one');
    await put(ws, 'b.txt', 'the other file');
    const agent = agentOf(journal, policy);
    const change = await agent.write('a.txt', 'two');
    const before = await snapshot(ws);
    // A double click, or the window and undo_change, each from the same start.
    const both = await Promise.allSettled([
      restoreChange(journal, policy, change.id),
      restoreChange(journal, policy, change.id),
    ]);
    const done = both.flatMap((one) => (one.status === 'fulfilled' ? [one.value] : []));
    const refused = both.flatMap((one) => (one.status === 'rejected' ? [one.reason] : []));
    assert.equal(done.length, 1, 'one restore undoes it');
    assert.equal(refused.length, 1);
    assert.ok(isHistoryError(refused[0], 'already_restored'), String(refused[0]));
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'one');
    const restores = (await journal.list()).filter((record) => record.restores === change.id);
    assert.deepEqual(
      restores.map((record) => record.id),
      [done[0]?.restore.id],
    );
    // Undoing that one restore brings back exactly what the agent left.
    await restoreChange(journal, policy, done[0]!.restore.id);
    assert.deepEqual(await snapshot(ws), before);
  });
});

describe('restoring only where the policy in force allows', () => {
  it('refuses when the workspace is no longer shared', async () => {
    const { ws, root, journal, policy } = await sameDiskLayoutWithRoot();
    await put(ws, 'a.txt', 'one');
    const change = await agentOf(journal, policy).write('a.txt', 'two');
    const other = path.join(root, 'other');
    await mkdir(other);
    await refusesWith(
      restoreChange(journal, await makePolicy(other), change.id),
      'workspace_not_granted',
      /is no longer shared in Airlock/,
    );
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'two');
  });

  it('refuses in a workspace now shared read-only', async () => {
    const { ws, journal, policy } = await sameDiskLayout();
    await put(ws, 'a.txt', 'one');
    const change = await agentOf(journal, policy).write('a.txt', 'two');
    await rejectsWith(restoreChange(journal, await makePolicy(ws, 'read'), change.id), 'read_only');
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'two');
  });
});

async function sameDiskLayoutWithRoot() {
  const layout = await sameDiskLayout();
  return { ...layout, root: path.dirname(layout.ws) };
}
