import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { copyTree } from '../../../main/core/fs/copy-tree.ts';
import { makeLayout, put } from '../fixtures.ts';

const modeOf = async (file: string) => (await stat(file)).mode & 0o7777;

describe('copyTree', () => {
  it('copies a folder with each folder mode exactly, whatever the umask would narrow', async () => {
    const { ws } = await makeLayout();
    const from = path.join(ws, 'shared');
    await put(ws, 'shared/inner/notes.txt', 'kept\n');
    await symlink('inner/notes.txt', path.join(from, 'link'));
    await chmod(path.join(from, 'inner'), 0o777);
    await chmod(from, 0o2775);
    const to = path.join(ws, 'copy');
    await copyTree(from, to);
    assert.equal(await modeOf(to), 0o2775);
    assert.equal(await modeOf(path.join(to, 'inner')), 0o777);
    assert.equal(await readFile(path.join(to, 'inner', 'notes.txt'), 'utf8'), 'kept\n');
    assert.equal(await readlink(path.join(to, 'link')), 'inner/notes.txt');
  });

  it('copies into a read-only folder what it held, and leaves the copy read-only', async () => {
    const { ws } = await makeLayout();
    const from = path.join(ws, 'locked');
    await put(ws, 'locked/a.txt', 'a\n');
    await mkdir(path.join(from, 'sub'));
    await chmod(from, 0o555);
    const to = path.join(ws, 'copy');
    try {
      await copyTree(from, to);
      assert.equal(await readFile(path.join(to, 'a.txt'), 'utf8'), 'a\n');
      assert.equal(await modeOf(to), 0o555);
    } finally {
      // The layout's clean-up removes what it can write into.
      await chmod(from, 0o755);
      await chmod(to, 0o755).catch(() => undefined);
    }
  });
});
