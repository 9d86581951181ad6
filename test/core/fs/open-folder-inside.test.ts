import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readDirectoryInside } from '../../../main/core/fs/directory-reader.ts';
import { openFolderInside } from '../../../main/core/fs/open-folder-inside.ts';
import { inlineFileAccess, pooledFileAccess } from '../../../main/core/platform/file-access.ts';
import { makeLayout, makePolicy, put, rejectsWith } from '../fixtures.ts';

// Both ways of reaching the kernel must give the same answers and the same refusals.
for (const fileAccess of [pooledFileAccess, inlineFileAccess]) {
  describe(`openFolderInside (${fileAccess.kind} file access)`, () => {
    async function listAt(ws: string, raw: string) {
      const policy = await makePolicy(ws, 'write', fileAccess);
      const { folder, opened } = await openFolderInside(policy, raw, fileAccess);
      const { entries } = await readDirectoryInside(policy, folder, opened);
      return { folder, names: entries.map((entry) => entry.name) };
    }

    it('opens a folder inside and names it by its real path', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'sub/a.txt', 'a\n');
      const { folder, names } = await listAt(ws, 'sub');
      assert.equal(folder.real, path.join(ws, 'sub'));
      assert.deepEqual(folder.segments, ['sub']);
      assert.deepEqual(names, ['a.txt']);
    });

    it('follows a link that stays inside to the folder it names', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'real/a.txt', 'a\n');
      await symlink(path.join(ws, 'real'), path.join(ws, 'alias'));
      const { folder, names } = await listAt(ws, 'alias');
      assert.equal(folder.real, path.join(ws, 'real'));
      assert.deepEqual(names, ['a.txt']);
    });

    it('refuses a link to a folder outside, without listing it', async () => {
      const { ws, outside } = await makeLayout();
      await put(outside, 'secret.txt', 's\n');
      await symlink(outside, path.join(ws, 'escape'));
      const policy = await makePolicy(ws, 'write', fileAccess);
      const error = await rejectsWith(
        openFolderInside(policy, 'escape', fileAccess),
        'outside_workspace',
      );
      assert.doesNotMatch(error.message, /secret/);
    });

    it('refuses a link whose target is a guarded folder', async () => {
      const { ws } = await makeLayout();
      await put(ws, '.ssh/id_ed25519', 'k\n');
      await symlink(path.join(ws, '.ssh'), path.join(ws, 'keys'));
      const policy = await makePolicy(ws, 'write', fileAccess);
      await rejectsWith(openFolderInside(policy, 'keys', fileAccess), 'guarded');
    });

    it('gives the usual reasons for a file, a missing path and a link to an outside file', async () => {
      const { ws, outside } = await makeLayout();
      await put(ws, 'a.txt', 'a\n');
      await put(outside, 'b.txt', 'b\n');
      await symlink(path.join(outside, 'b.txt'), path.join(ws, 'b-link'));
      const policy = await makePolicy(ws, 'write', fileAccess);
      await rejectsWith(openFolderInside(policy, 'a.txt', fileAccess), 'not_a_directory');
      await rejectsWith(openFolderInside(policy, 'missing', fileAccess), 'not_found');
      await rejectsWith(openFolderInside(policy, 'b-link', fileAccess), 'outside_workspace');
    });
  });
}
