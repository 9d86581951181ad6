// The window's Undo on the restore service: a preview before anything changes (a diff for
// text, type and sizes for other files, a folder's files), the undo itself as a change of
// its own, conflicts refused until the person undoes anyway, changes that cannot be undone
// refused with their reason, Undo all of a group, and history's size and emptying.
import assert from 'node:assert/strict';
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AppError } from '../../../../main/core/app/ipc/app-error.ts';
import { put } from '../../fixtures.ts';
import { changesLayout } from './changes-fixture.ts';

const MINUTE = 60 * 1000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** Asserts the window gets an AppError of `code` whose message matches `words`. */
async function refusedWith(work: Promise<unknown>, code: string, words: RegExp): Promise<void> {
  await assert.rejects(work, (error) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, words);
    return true;
  });
}

/** Which of `names` are there in `folder`. */
async function present(folder: string, names: readonly string[]): Promise<string[]> {
  const found = await Promise.all(
    names.map((name) =>
      access(path.join(folder, name)).then(
        () => name,
        () => undefined,
      ),
    ),
  );
  return found.filter((name) => name !== undefined);
}

describe('undoing one change from the window', () => {
  it('previews a text change as the lines that go and come back, changing nothing', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    await put(ws, 'plan.md', 'one\ntwo\nthree\n');
    const change = await agentAs('Claude Desktop 0.14.2').edit('plan.md', 'two', 'TWO');
    const preview = await changes.preview(change.id);
    assert.deepEqual(preview.conflicts, []);
    assert.equal(preview.change.state, 'undoable');
    assert.deepEqual(preview.paths, [
      {
        kind: 'text',
        path: { workspace: ws, path: 'plan.md' },
        effect: 'restore',
        lines: [
          { op: 'same', text: 'one' },
          { op: 'removed', text: 'TWO' },
          { op: 'added', text: 'two' },
          { op: 'same', text: 'three' },
        ],
        cut: false,
      },
    ]);
    assert.equal(await readFile(path.join(ws, 'plan.md'), 'utf8'), 'one\nTWO\nthree\n');
  });

  it('undoes it, and the undo is a change of its own, which can be undone in turn', async () => {
    const { ws, changes, agentAs, records } = await changesLayout();
    await put(ws, 'plan.md', 'before\n');
    const change = await agentAs('Cursor 1.4').write('plan.md', 'after\n');
    const { undo, undone } = await changes.undo(change.id, false);
    assert.equal(await readFile(path.join(ws, 'plan.md'), 'utf8'), 'before\n');
    assert.equal(undone.state, 'undone');
    assert.equal(undone.undoneBy, undo.id);
    assert.equal(undo.tool, 'restore');
    assert.equal(undo.undoes, change.id);
    assert.equal(undo.client, 'dana');
    assert.equal(undo.state, 'undoable');
    const restoreRecord = (await records()).find((record) => record.event === 'restore');
    assert.equal(restoreRecord?.transport, 'app');
    assert.equal(restoreRecord?.correlationId, undo.id);

    await changes.undo(undo.id, false);
    assert.equal(await readFile(path.join(ws, 'plan.md'), 'utf8'), 'after\n');
  });

  it('shows the type and sizes of a file that is not text', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    await put(ws, 'photo.png', Buffer.concat([PNG, Buffer.alloc(2000, 1)]));
    const change = await agentAs('Cursor 1.4').write(
      'photo.png',
      Buffer.concat([PNG, Buffer.alloc(500, 2)]),
    );
    const [only] = (await changes.preview(change.id)).paths;
    assert.deepEqual(only, {
      kind: 'file',
      path: { workspace: ws, path: 'photo.png' },
      effect: 'restore',
      type: 'PNG image',
      sizeNow: 512,
      sizeAfter: 2012,
    });
  });

  it('lists the files of a deleted folder, which the undo brings back', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    await put(ws, 'Taxes/receipts/march.pdf', '%PDF-1.4');
    await put(ws, 'Taxes/summary.txt', 'total');
    const change = await agentAs('Cursor 1.4').delete('Taxes');
    const [only] = (await changes.preview(change.id)).paths;
    assert.deepEqual(only, {
      kind: 'folder',
      path: { workspace: ws, path: 'Taxes' },
      effect: 'bring_back',
      files: ['summary.txt', 'receipts/march.pdf'],
      more: false,
    });
  });

  it('names where a moved file goes back to', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    await put(ws, 'draft.md', 'text');
    const change = await agentAs('Cursor 1.4').move('draft.md', 'final.md');
    const [only] = (await changes.preview(change.id)).paths;
    assert.equal(only?.effect, 'move_back');
    assert.deepEqual(only?.path, { workspace: ws, path: 'final.md' });
    assert.deepEqual(only?.to, { workspace: ws, path: 'draft.md' });
  });

  it('says what changed since, refuses the undo, and undoes it anyway when asked, keeping what is there', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    await put(ws, 'notes.txt', 'v1');
    const change = await agentAs('Cursor 1.4').write('notes.txt', 'v2 by the agent');
    await writeFile(path.join(ws, 'notes.txt'), 'v3 by the person');
    const preview = await changes.preview(change.id);
    assert.equal(preview.conflicts.length, 1);
    assert.match(preview.conflicts[0] ?? '', /notes\.txt was changed since/);
    await refusedWith(changes.undo(change.id, false), 'conflict', /notes\.txt was changed since/);
    assert.equal(await readFile(path.join(ws, 'notes.txt'), 'utf8'), 'v3 by the person');

    const { undo } = await changes.undo(change.id, true);
    assert.equal(await readFile(path.join(ws, 'notes.txt'), 'utf8'), 'v1');
    // Nothing was lost: undoing the undo brings back the person's version.
    await changes.undo(undo.id, false);
    assert.equal(await readFile(path.join(ws, 'notes.txt'), 'utf8'), 'v3 by the person');
  });

  it('says why a change cannot be undone, and refuses it', async () => {
    const { ws, changes, agentAs } = await changesLayout({
      maxFileBytes: 1024,
      maxTotalBytes: 1024 * 1024,
      maxAgeDays: 30,
    });
    await put(ws, 'big.bin', Buffer.alloc(4096, 7));
    const change = await agentAs('Cursor 1.4').write('big.bin', 'small now');
    const view = await changes.change(change.id);
    assert.equal(view?.state, 'not_undoable');
    assert.match(view?.reason ?? '', /4 KB, more than the 1 KB history keeps per file/);
    await refusedWith(changes.preview(change.id), 'cannot_undo', /cannot be undone/);
    await refusedWith(changes.undo(change.id, false), 'cannot_undo', /cannot be undone/);
  });

  it('says a change undone already was, in the window’s words', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    await put(ws, 'a.txt', 'a');
    const change = await agentAs('Cursor 1.4').write('a.txt', 'b');
    await changes.undo(change.id, false);
    await refusedWith(
      changes.undo(change.id, false),
      'cannot_undo',
      /^This change was already undone\. To bring it back, undo that undo\.$/,
    );
  });

  it('finds a change by its id, and answers null for one history does not hold', async () => {
    const { changes, agentAs } = await changesLayout();
    const change = await agentAs('Cursor 1.4', 's1').write('a.txt', 'a');
    const view = await changes.change(change.id);
    assert.equal(view?.id, change.id);
    assert.equal(view?.session, 's1');
    assert.equal(view?.app, 'Cursor');
    assert.equal(await changes.change('a0a0a0a0a0a0'), null);
    await refusedWith(changes.preview('a0a0a0a0a0a0'), 'not_found', /no longer holds this change/);
  });
});

describe('Undo all of a group', () => {
  it('says first what it will undo, newest first, then undoes exactly those', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    await put(ws, 'keep.txt', 'untouched');
    await agentAs('Other 1').write('other.txt', 'another app');
    const claude = agentAs('Claude Desktop 0.14.2', 's1');
    await claude.write('a.txt', 'a');
    await claude.write('b.txt', 'b');
    await claude.edit('a.txt', 'a', 'A');
    const { groups } = await changes.groups(50);
    const group = groups.find((each) => each.app === 'Claude Desktop');
    assert.ok(group);
    const plan = await changes.planGroup(group.ref);
    assert.deepEqual(
      plan.changes.map((change) => [change.tool, change.paths[0]?.path]),
      [
        ['edit_file', 'a.txt'],
        ['write_file', 'b.txt'],
        ['write_file', 'a.txt'],
      ],
    );
    const result = await changes.undoGroup(group.ref, false);
    assert.deepEqual(result, { undone: 3 });
    assert.equal(await readFile(path.join(ws, 'keep.txt'), 'utf8'), 'untouched');
    assert.equal(await readFile(path.join(ws, 'other.txt'), 'utf8'), 'another app');
    await assert.rejects(readFile(path.join(ws, 'a.txt')), { code: 'ENOENT' });
    await assert.rejects(readFile(path.join(ws, 'b.txt')), { code: 'ENOENT' });
  });

  it('stops at a change made again since, says what changed, and goes on anyway when asked', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    const claude = agentAs('Claude Desktop 0.14.2', 's1');
    await claude.write('a.txt', 'a');
    await claude.write('b.txt', 'b');
    await writeFile(path.join(ws, 'b.txt'), 'b, edited by the person');
    const [group] = (await changes.groups(50)).groups;
    assert.ok(group);
    const stopped = await changes.undoGroup(group.ref, false);
    assert.equal(stopped.undone, 0);
    assert.equal(stopped.stoppedAt?.change.paths[0]?.path, 'b.txt');
    assert.match(stopped.stoppedAt?.conflicts[0] ?? '', /b\.txt was changed since/);
    assert.equal(await readFile(path.join(ws, 'b.txt'), 'utf8'), 'b, edited by the person');

    assert.deepEqual(await changes.undoGroup(group.ref, true), { undone: 2 });
    await assert.rejects(readFile(path.join(ws, 'b.txt')), { code: 'ENOENT' });
  });

  it('undoes each of two sessions of one app on its own, though their changes interleave', async () => {
    const { ws, changes, agentAs, wait } = await changesLayout();
    const firstWindow = agentAs('Cursor 1.4', 'window-1');
    const secondWindow = agentAs('Cursor 1.4', 'window-2');
    await firstWindow.write('a.txt', 'a');
    wait(MINUTE);
    await secondWindow.write('b.txt', 'b');
    wait(MINUTE);
    await firstWindow.write('c.txt', 'c');
    wait(MINUTE);
    await secondWindow.write('d.txt', 'd');
    const groupOf = async (session: string) => {
      const group = (await changes.groups(50)).groups.find((each) => each.session === session);
      assert.ok(group, `a group for ${session}`);
      return group;
    };
    const first = await groupOf('window-1');
    assert.deepEqual(
      (await changes.planGroup(first.ref)).changes.map((change) => change.paths[0]?.path),
      ['c.txt', 'a.txt'],
    );
    assert.deepEqual(await changes.undoGroup(first.ref, false), { undone: 2 });
    assert.deepEqual(await present(ws, ['a.txt', 'b.txt', 'c.txt', 'd.txt']), ['b.txt', 'd.txt']);

    const second = await groupOf('window-2');
    assert.deepEqual(
      (await changes.planGroup(second.ref)).changes.map((change) => change.paths[0]?.path),
      ['d.txt', 'b.txt'],
    );
    assert.deepEqual(await changes.undoGroup(second.ref, false), { undone: 2 });
    assert.deepEqual(await present(ws, ['a.txt', 'b.txt', 'c.txt', 'd.txt']), []);
  });

  it('refuses a group the service cannot tell apart from another app’s changes', async () => {
    const { changes, agentAs } = await changesLayout();
    // An app whose name starts with the person's, with no session, at the same moment.
    const lookalike = agentAs('dana 2.0');
    const made = await lookalike.write('x.txt', 'x');
    await lookalike.write('y.txt', 'y');
    await changes.undo(made.id, false);
    const undos = (await changes.groups(50)).groups.find((group) => group.byPerson);
    assert.ok(undos);
    await refusedWith(
      changes.undoGroup(undos.ref, false),
      'cannot_undo',
      /cannot be told apart .* Undo them one at a time/,
    );
  });
});

describe('history’s size, and emptying it', () => {
  it('says how many changes it holds and their size, and empties them all', async () => {
    const { ws, changes, agentAs } = await changesLayout();
    await put(ws, 'a.txt', 'x'.repeat(1000));
    await agentAs('Cursor 1.4').write('a.txt', 'y');
    await agentAs('Cursor 1.4').write('b.txt', 'new');
    const usage = await changes.usage();
    assert.equal(usage.changes, 2);
    assert.equal(usage.bytes, 1000);
    assert.ok(usage.budgetBytes > 0);
    const emptied = await changes.empty();
    assert.equal(emptied.changes, 0);
    assert.equal(emptied.bytes, 0);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'y', 'the files stay');
  });
});
