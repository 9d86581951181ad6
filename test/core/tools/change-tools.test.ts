// The five change tools with history: each answer gives the change's id and whether it can
// be undone, and undo_change puts back exactly what was there, for the calling client's own
// changes of its current session only, within what its grant may change.
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_HISTORY_LIMITS } from '../../../main/core/history/history-limits.ts';
import { createDirectory } from '../../../main/core/tools/create-directory.ts';
import { deleteFile } from '../../../main/core/tools/delete-file.ts';
import { editFile } from '../../../main/core/tools/edit-file.ts';
import { moveFile } from '../../../main/core/tools/move-file.ts';
import type { ToolContext } from '../../../main/core/tools/tool-kit.ts';
import { undoChange } from '../../../main/core/tools/undo-change.ts';
import { writeFile as writeFileTool } from '../../../main/core/tools/write-file.ts';
import { snapshot } from '../history/history-fixtures.ts';
import {
  makeContext,
  makeLayout,
  put,
  rejectsWith,
  runTool,
  TEST_CALLER,
  type Layout,
} from '../fixtures.ts';

async function setup(): Promise<Layout & { context: ToolContext }> {
  const layout = await makeLayout();
  return { ...layout, context: await makeContext(layout.ws, layout.dataDir) };
}

async function exists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}

const undo = (changeId: string, context: ToolContext) => runTool(undoChange, { changeId }, context);

describe('the change tools give a change id', () => {
  it('write_file, for a new file and over an existing one', async () => {
    const { ws, context } = await setup();
    const created = await runTool(writeFileTool, { path: 'new.txt', content: 'one' }, context);
    await put(ws, 'old.txt', 'before');
    const replaced = await runTool(writeFileTool, { path: 'old.txt', content: 'after' }, context);
    for (const answer of [created, replaced]) {
      assert.equal(answer.data.undoable, true);
      assert.equal(answer.data.notUndoableReason, undefined);
      assert.ok(
        answer.text.endsWith(
          `Change id ${answer.data.changeId}: the person can undo it in Airlock, or you can with undo_change.`,
        ),
        answer.text,
      );
      const record = await context.journal.mustRead(answer.data.changeId);
      assert.equal(record.tool, 'write_file');
      assert.equal(record.status, 'done');
      assert.equal(record.client, TEST_CALLER.client);
      assert.equal(record.session, TEST_CALLER.session);
    }
    assert.notEqual(created.data.changeId, replaced.data.changeId);
  });

  it('edit_file, but not for a dry run, which changes nothing', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'hello world\n');
    const edits = [{ oldText: 'world', newText: 'there' }];
    const dry = await runTool(editFile, { path: 'a.txt', edits, dryRun: true }, context);
    assert.equal(dry.data.changeId, undefined);
    assert.deepEqual(await context.journal.list(), []);
    const edited = await runTool(editFile, { path: 'a.txt', edits }, context);
    assert.equal(edited.data.undoable, true);
    assert.equal((await context.journal.mustRead(edited.data.changeId ?? '')).tool, 'edit_file');
    assert.match(edited.text, new RegExp(`Change id ${edited.data.changeId}`));
  });

  it('move_file and delete_file', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'a');
    const moved = await runTool(moveFile, { source: 'a.txt', destination: 'b.txt' }, context);
    const deleted = await runTool(deleteFile, { path: 'b.txt' }, context);
    assert.equal((await context.journal.mustRead(moved.data.changeId)).tool, 'move_file');
    assert.equal((await context.journal.mustRead(deleted.data.changeId)).tool, 'delete_file');
    assert.match(deleted.text, /^Deleted .*\. Change id [0-9a-f]{12}: the person can undo it/);
  });

  it('create_directory, only when it creates something', async () => {
    const { context } = await setup();
    const made = await runTool(createDirectory, { path: 'a/b' }, context);
    assert.equal(made.data.undoable, true);
    const again = await runTool(createDirectory, { path: 'a/b' }, context);
    assert.equal(again.data.changeId, undefined);
    assert.doesNotMatch(again.text, /change id/i);
    assert.deepEqual(
      (await context.journal.list()).map((record) => record.id),
      [made.data.changeId],
    );
  });
});

describe('undo_change puts back exactly what was there', () => {
  it('after write_file over a file, byte for byte and with its mode', async () => {
    const { ws, context } = await setup();
    const bytes = Buffer.from([0, 1, 2, 255, 10, 13, 0x7f]);
    await writeFile(path.join(ws, 'data.bin'), bytes, { mode: 0o640 });
    const before = await snapshot(ws);
    const written = await runTool(writeFileTool, { path: 'data.bin', content: 'text' }, context);
    const undone = await undo(written.data.changeId, context);
    assert.deepEqual(await snapshot(ws), before);
    assert.equal(undone.data.undid, written.data.changeId);
    assert.deepEqual(undone.data.paths, [path.join(ws, 'data.bin')]);
    assert.match(undone.text, /^Undid change [0-9a-f]{12} \(write_file\)/);
  });

  it('after each of the five tools, and after an undo, by undoing that undo', async () => {
    const { ws, context } = await setup();
    await put(ws, 'notes/a.txt', 'alpha\n');
    await put(ws, 'notes/b.txt', 'bravo\n');
    await put(ws, 'gone/inner.txt', 'inner\n');
    const steps: Array<() => Promise<{ data: { changeId?: string } }>> = [
      () => runTool(writeFileTool, { path: 'notes/a.txt', content: 'ALPHA' }, context),
      () => runTool(writeFileTool, { path: 'notes/new.txt', content: 'new' }, context),
      () =>
        runTool(
          editFile,
          { path: 'notes/b.txt', edits: [{ oldText: 'bravo', newText: 'BRAVO' }] },
          context,
        ),
      () => runTool(moveFile, { source: 'notes/b.txt', destination: 'moved.txt' }, context),
      () => runTool(deleteFile, { path: 'gone', recursive: true }, context),
      () => runTool(createDirectory, { path: 'made/deep/er' }, context),
    ];
    for (const step of steps) {
      const before = await snapshot(ws);
      const changeId = (await step()).data.changeId ?? '';
      const after = await snapshot(ws);
      assert.notDeepEqual(after, before);
      const undone = await undo(changeId, context);
      assert.deepEqual(await snapshot(ws), before, `undo of ${changeId}`);
      assert.equal(undone.data.undoable, true);
      // The undo is a change of the same client and session: undoing it brings the change back.
      await undo(undone.data.changeId, context);
      assert.deepEqual(await snapshot(ws), after, `redo of ${changeId}`);
    }
  });
});

describe('undo_change refuses', () => {
  it("another client's change, and a change from another session, and leaves it alone", async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'before');
    const written = await runTool(writeFileTool, { path: 'a.txt', content: 'after' }, context);
    const otherClient = { ...context, call: { ...context.call, client: 'Other App 2.0' } };
    const otherSession = { ...context, call: { ...context.call, session: 'a-later-session' } };
    for (const caller of [otherClient, otherSession]) {
      const refused = await rejectsWith(undo(written.data.changeId, caller), 'not_own_change');
      assert.match(refused.message, /not made by you in this session.*The person can undo it/);
    }
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'after');
    assert.equal((await context.journal.mustRead(written.data.changeId)).restoredBy, undefined);
  });

  it('a change made outside any session (by the person, from the window or the command line)', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'before');
    const written = await runTool(writeFileTool, { path: 'a.txt', content: 'after' }, context);
    const { call } = context;
    const sessionless = { ...context, call: { id: call.id, tool: call.tool, client: call.client } };
    await rejectsWith(undo(written.data.changeId, sessionless), 'not_own_change');
  });

  it('a change whose file was changed again since, saying so, and changes nothing', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'before');
    const written = await runTool(writeFileTool, { path: 'a.txt', content: 'agent' }, context);
    await writeFile(path.join(ws, 'a.txt'), 'the person typed this');
    const refused = await rejectsWith(undo(written.data.changeId, context), 'conflict');
    assert.match(refused.message, /changed since/);
    assert.match(refused.message, /The person can undo it anyway in Airlock/);
    assert.doesNotMatch(refused.message, /force/i);
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'the person typed this');
  });

  it('a change already undone, an unknown id and something that is not an id', async () => {
    const { ws, context } = await setup();
    await put(ws, 'a.txt', 'before');
    const written = await runTool(writeFileTool, { path: 'a.txt', content: 'after' }, context);
    await undo(written.data.changeId, context);
    const again = await rejectsWith(undo(written.data.changeId, context), 'cannot_undo');
    assert.match(again.message, /already undone/);
    await rejectsWith(undo('0123456789ab', context), 'not_found');
    await rejectsWith(undo('../../etc/passwd', context), 'invalid_argument');
  });

  it('a change in a folder its grant no longer reaches', async () => {
    const { ws, context } = await setup();
    await mkdir(path.join(ws, 'inner'));
    await put(ws, 'inner/a.txt', 'before');
    const written = await runTool(writeFileTool, { path: 'inner/a.txt', content: 'x' }, context);
    const elsewhere = await makeLayout();
    const narrowed = await makeContext(elsewhere.ws, elsewhere.dataDir);
    const refused = await rejectsWith(
      undo(written.data.changeId, { ...narrowed, journal: context.journal, call: context.call }),
      'outside_workspace',
    );
    assert.doesNotMatch(refused.message, new RegExp(ws.replace(/[/\\]/g, '.')));
    assert.equal(await readFile(path.join(ws, 'inner/a.txt'), 'utf8'), 'x');
  });

  it('on a read-only grant, as any change', async () => {
    const { ws, dataDir, context } = await setup();
    await put(ws, 'a.txt', 'before');
    const written = await runTool(writeFileTool, { path: 'a.txt', content: 'after' }, context);
    const readOnly = await makeContext(ws, dataDir, { access: 'read' });
    await rejectsWith(
      undo(written.data.changeId, { ...readOnly, journal: context.journal, call: context.call }),
      'read_only',
    );
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'after');
  });
});

describe('a change history cannot keep', () => {
  it('still happens, and its answer says it cannot be undone and why', async () => {
    const { ws, context } = await setup();
    await context.journal.setLimits({ ...DEFAULT_HISTORY_LIMITS, maxFileBytes: 1024 });
    await put(ws, 'big.txt', 'x'.repeat(4096));
    const written = await runTool(writeFileTool, { path: 'big.txt', content: 'small' }, context);
    assert.equal(await readFile(path.join(ws, 'big.txt'), 'utf8'), 'small');
    assert.equal(written.data.undoable, false);
    assert.match(written.data.notUndoableReason ?? '', /4 KB, more than the 1 KB history keeps/);
    assert.match(
      written.text,
      /This change cannot be undone: the file was 4 KB, more than the 1 KB history keeps per file\. \(change id [0-9a-f]{12}\)$/,
    );
    const refused = await rejectsWith(undo(written.data.changeId, context), 'cannot_undo');
    assert.match(refused.message, /cannot be undone/);
  });

  it('still deletes, for good, and says so', async () => {
    const { ws, context } = await setup();
    await context.journal.setLimits({ ...DEFAULT_HISTORY_LIMITS, maxFileBytes: 1024 });
    await put(ws, 'media/clip.bin', Buffer.alloc(4096, 1));
    const deleted = await runTool(deleteFile, { path: 'media', recursive: true }, context);
    assert.equal(await exists(path.join(ws, 'media')), false);
    assert.equal(deleted.data.undoable, false);
    assert.match(deleted.text, /This change cannot be undone: a file in the folder was 4 KB/);
  });
});

describe('create_directory under a link that stays inside', () => {
  it('records the folder it made at its real place, and undo removes it', async () => {
    const { ws, context } = await setup();
    await mkdir(path.join(ws, 'real'));
    await symlink('real', path.join(ws, 'alias'));
    const made = await runTool(createDirectory, { path: 'alias/new/deeper' }, context);
    await undo(made.data.changeId ?? '', context);
    assert.equal(await exists(path.join(ws, 'real/new')), false);
    assert.equal(await exists(path.join(ws, 'alias')), true);
  });
});
