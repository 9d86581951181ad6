import assert from 'node:assert/strict';
import { chmod, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { restoreChange } from '../../../main/core/history/restore-change.ts';
import { put } from '../fixtures.ts';
import { exists, makeHistoryLayout, snapshot, type DataDirPlace } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

for (const place of ['same disk', 'other disk'] as DataDirPlace[]) {
  describe(`each kind of change is kept and restored byte for byte (data dir on the ${place})`, () => {
    /** A layout, or the reason this place cannot be tested here (the test then says skipped). */
    const layoutOrSkip = async (t: { skip: (message: string) => void }) => {
      const layout = await makeHistoryLayout(place);
      if ('skip' in layout) {
        t.skip(layout.skip);
        return undefined;
      }
      return layout;
    };

    it('write_file over an existing file: the old content and mode come back', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const { ws, journal, policy } = layout;
      const file = await put(ws, 'notes/report.md', '# Report\nthe original\n');
      await chmod(file, 0o640);
      const before = await snapshot(ws);
      const change = await agentOf(journal, policy).write('notes/report.md', 'overwritten');
      assert.equal(change.status, 'done');
      assert.equal(change.undoable, true);
      assert.equal(await readFile(file, 'utf8'), 'overwritten');
      await restoreChange(journal, policy, change.id);
      assert.deepEqual(await snapshot(ws), before);
    });

    it('write_file creating a new file: the file is removed again', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const { ws, journal, policy } = layout;
      await put(ws, 'keep.txt', 'keep');
      const before = await snapshot(ws);
      const change = await agentOf(journal, policy).write('new.txt', 'fresh');
      assert.deepEqual(change.steps[0]?.kind, 'absent');
      await restoreChange(journal, policy, change.id);
      assert.deepEqual(await snapshot(ws), before);
    });

    it('edit_file: the text before the edit comes back', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const { ws, journal, policy } = layout;
      await put(ws, 'src/app.ts', 'const answer = 41;\n');
      const before = await snapshot(ws);
      const change = await agentOf(journal, policy).edit('src/app.ts', '41', '42');
      assert.equal(await readFile(path.join(ws, 'src/app.ts'), 'utf8'), 'const answer = 42;\n');
      await restoreChange(journal, policy, change.id);
      assert.deepEqual(await snapshot(ws), before);
    });

    it('move_file of a file and of a folder: each goes back where it was', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const { ws, journal, policy } = layout;
      await put(ws, 'a/one.txt', '1');
      await put(ws, 'b/inner/two.bin', Buffer.from([0, 255, 1, 254]));
      const before = await snapshot(ws);
      const agent = agentOf(journal, policy);
      const fileMove = await agent.move('a/one.txt', 'moved-one.txt');
      const folderMove = await agent.move('b', 'a/b-moved');
      assert.equal(await exists(path.join(ws, 'a/b-moved/inner/two.bin')), true);
      await restoreChange(journal, policy, folderMove.id);
      await restoreChange(journal, policy, fileMove.id);
      assert.deepEqual(await snapshot(ws), before);
    });

    it('delete_file of a file, a folder and a link: each is put back as it was', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const { ws, journal, policy } = layout;
      const script = await put(ws, 'tools/run.sh', '#!/bin/sh\necho hi\n');
      await chmod(script, 0o750);
      await put(ws, 'tools/deep/data.bin', Buffer.from([1, 2, 3, 0, 4]));
      await put(ws, 'plain.txt', 'plain');
      await symlink('plain.txt', path.join(ws, 'link-to-plain'));
      const before = await snapshot(ws);
      const agent = agentOf(journal, policy);
      const deletions = [
        await agent.delete('plain.txt'),
        await agent.delete('tools'),
        await agent.delete('link-to-plain'),
      ];
      assert.deepEqual(await snapshot(ws), {});
      for (const change of deletions.reverse()) await restoreChange(journal, policy, change.id);
      assert.deepEqual(await snapshot(ws), before);
      assert.equal(await readlink(path.join(ws, 'link-to-plain')), 'plain.txt');
    });

    it('create_directory of nested folders: the topmost folder created goes', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const { ws, journal, policy } = layout;
      await put(ws, 'existing/file.txt', 'x');
      const before = await snapshot(ws);
      const change = await agentOf(journal, policy).createDirectory('existing/new/deeper/deepest');
      assert.ok(change);
      assert.deepEqual(
        change.steps[0]?.kind === 'absent' && change.steps[0].at.path,
        'existing/new',
      );
      await restoreChange(journal, policy, change.id);
      assert.deepEqual(await snapshot(ws), before);
    });

    it('keeps a binary file byte for byte', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const { ws, journal, policy } = layout;
      const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
      await writeFile(path.join(ws, 'image.bin'), bytes);
      const change = await agentOf(journal, policy).write('image.bin', 'text now');
      await restoreChange(journal, policy, change.id);
      assert.deepEqual(await readFile(path.join(ws, 'image.bin')), bytes);
      assert.equal((await stat(path.join(ws, 'image.bin'))).size, bytes.length);
    });
  });
}
