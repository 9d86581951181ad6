import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  readDirectoryInside,
  segmentsOf,
  type DirectoryEntry,
} from '../../../main/core/fs/directory-reader.ts';
import { inlineFileAccess, pooledFileAccess } from '../../../main/core/platform/file-access.ts';
import { makeLayout, makePolicy, put } from '../fixtures.ts';

// Both ways of reaching the kernel must give the same answers and the same refusals.
for (const fileAccess of [pooledFileAccess, inlineFileAccess]) {
  function byName(entries: readonly DirectoryEntry[], name: string): DirectoryEntry {
    const entry = entries.find((candidate) => candidate.name === name);
    assert.ok(entry, `expected an entry named ${name}`);
    return entry;
  }

  async function listRoot(ws: string) {
    const policy = await makePolicy(ws, 'write', fileAccess);
    return readDirectoryInside(policy, await policy.resolveExisting(ws));
  }

  describe(`readDirectoryInside (${fileAccess.kind} file access)`, () => {
    it('lists files and folders with their kind, real path and segments', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'sub/a.txt', 'a\n');
      await put(ws, 'b.txt', 'b\n');
      const policy = await makePolicy(ws, 'write', fileAccess);
      const { entries, hiddenLinks } = await readDirectoryInside(
        policy,
        await policy.resolveExisting('sub'),
      );
      assert.equal(hiddenLinks, 0);
      assert.deepEqual(entries, [
        {
          name: 'a.txt',
          kind: 'file',
          real: path.join(ws, 'sub/a.txt'),
          folderSegments: ['sub'],
          guarded: false,
          isLink: false,
        },
      ]);
      assert.deepEqual(segmentsOf(entries[0] as DirectoryEntry), ['sub', 'a.txt']);
      const root = await listRoot(ws);
      assert.deepEqual(
        root.entries.map((entry) => [entry.name, entry.kind]),
        [
          ['b.txt', 'file'],
          ['sub', 'directory'],
        ],
      );
    });

    it('sorts entries by name', async () => {
      const { ws } = await makeLayout();
      for (const name of ['zeta.txt', 'Alpha.txt', 'beta.txt', '_under.txt', '10.txt', '2.txt'])
        await put(ws, name, 'x\n');
      await mkdir(path.join(ws, 'middle'));
      const { entries } = await listRoot(ws);
      assert.deepEqual(
        entries.map((entry) => entry.name),
        ['10.txt', '2.txt', 'Alpha.txt', '_under.txt', 'beta.txt', 'middle', 'zeta.txt'],
      );
    });

    it('hides a link that leads outside the workspace and counts it', async () => {
      const { ws, outside } = await makeLayout();
      await put(outside, 'secret.txt', 'secret\n');
      await put(ws, 'a.txt', 'a\n');
      await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'escape-file'));
      await symlink(outside, path.join(ws, 'escape-dir'));
      await symlink('../outside/secret.txt', path.join(ws, 'escape-relative'));
      const { entries, hiddenLinks } = await listRoot(ws);
      assert.deepEqual(
        entries.map((entry) => entry.name),
        ['a.txt'],
      );
      assert.equal(hiddenLinks, 3);
    });

    it('hides a dangling link and counts it', async () => {
      const { ws, outside } = await makeLayout();
      await symlink('nowhere.txt', path.join(ws, 'dangling-inside'));
      await symlink(path.join(outside, 'not-yet.txt'), path.join(ws, 'dangling-outside'));
      await symlink('loop', path.join(ws, 'loop'));
      const { entries, hiddenLinks } = await listRoot(ws);
      assert.deepEqual(entries, []);
      assert.equal(hiddenLinks, 3);
    });

    it('never reveals the name of anything outside the workspace', async () => {
      const { ws, outside } = await makeLayout();
      await put(outside, 'outside-only-name.txt', 'x\n');
      await symlink(path.join(outside, 'outside-only-name.txt'), path.join(ws, 'innocent'));
      const { entries } = await listRoot(ws);
      assert.equal(JSON.stringify(entries).includes('outside'), false);
    });

    it('shows a link that stays inside with the kind of its target', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'real.txt', 'r\n');
      await put(ws, 'folder/inner.txt', 'i\n');
      await symlink('real.txt', path.join(ws, 'file-link'));
      await symlink(path.join(ws, 'folder'), path.join(ws, 'folder-link'));
      const { entries, hiddenLinks } = await listRoot(ws);
      assert.equal(hiddenLinks, 0);
      const fileLink = byName(entries, 'file-link');
      assert.equal(fileLink.kind, 'file');
      assert.equal(fileLink.isLink, true);
      assert.equal(fileLink.real, path.join(ws, 'real.txt'));
      assert.deepEqual(segmentsOf(fileLink), ['file-link']);
      const folderLink = byName(entries, 'folder-link');
      assert.equal(folderLink.kind, 'directory');
      assert.equal(folderLink.isLink, true);
      assert.equal(folderLink.real, path.join(ws, 'folder'));
      assert.equal(byName(entries, 'real.txt').isLink, false);
    });

    it('flags guarded entries and leaves ordinary ones unflagged', async () => {
      const { ws } = await makeLayout();
      await put(ws, '.env', 'SECRET=1\n');
      await put(ws, 'id_rsa', 'key\n');
      await put(ws, 'server.pem', 'pem\n');
      await put(ws, '.ssh/config', 'Host x\n');
      await put(ws, 'notes.txt', 'n\n');
      const { entries } = await listRoot(ws);
      assert.deepEqual(
        entries.map((entry) => [entry.name, entry.guarded]),
        [
          ['.env', true],
          ['.ssh', true],
          ['id_rsa', true],
          ['notes.txt', false],
          ['server.pem', true],
        ],
      );
    });

    it('flags a link whose target is guarded, and a link whose own name is guarded', async () => {
      const { ws } = await makeLayout();
      await put(ws, '.env', 'SECRET=1\n');
      await put(ws, 'plain.txt', 'p\n');
      await symlink('.env', path.join(ws, 'settings'));
      await symlink('plain.txt', path.join(ws, 'deploy.key'));
      const { entries } = await listRoot(ws);
      assert.equal(byName(entries, 'settings').guarded, true);
      assert.equal(byName(entries, 'deploy.key').guarded, true);
      assert.equal(byName(entries, 'plain.txt').guarded, false);
    });

    it('flags entries below a guarded folder', async () => {
      const { ws } = await makeLayout();
      await put(ws, '.aws/credentials', '[default]\n');
      await put(ws, '.aws/notes.txt', 'n\n');
      const policy = await makePolicy(ws, 'write', fileAccess);
      // The folder itself is not guarded, only the credentials file in it.
      const { entries } = await readDirectoryInside(policy, await policy.resolveExisting('.aws'));
      assert.deepEqual(
        entries.map((entry) => [entry.name, entry.guarded]),
        [
          ['credentials', true],
          ['notes.txt', false],
        ],
      );
    });
  });
}
