import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { moveWithoutOverwrite } from '../../../main/core/fs/move-no-clobber.ts';
import { makeLayout, makePolicy, namesIn, put, rejectsWith } from '../fixtures.ts';

async function exists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false,
  );
}

describe('moveWithoutOverwrite', () => {
  it('moves a file to a free name, keeping its content and inode', async () => {
    const { ws } = await makeLayout();
    const source = await put(ws, 'a.txt', 'alpha\n');
    const inode = (await stat(source)).ino;
    const policy = await makePolicy(ws);
    await moveWithoutOverwrite(
      await policy.resolveLinkItself('a.txt'),
      await policy.resolveForCreate('b.txt'),
    );
    assert.equal(await exists(source), false);
    const moved = path.join(ws, 'b.txt');
    assert.equal(await readFile(moved, 'utf8'), 'alpha\n');
    assert.equal((await stat(moved)).ino, inode);
    assert.equal((await stat(moved)).nlink, 1);
  });

  it('moves a file into another folder', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    await mkdir(path.join(ws, 'sub'));
    const policy = await makePolicy(ws);
    await moveWithoutOverwrite(
      await policy.resolveLinkItself('a.txt'),
      await policy.resolveForCreate('sub/a.txt'),
    );
    assert.deepEqual(await namesIn(ws), ['sub']);
    assert.equal(await readFile(path.join(ws, 'sub/a.txt'), 'utf8'), 'alpha\n');
  });

  it('moves a folder with everything inside it', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'dir/one.txt', '1\n');
    await put(ws, 'dir/nested/two.txt', '2\n');
    const policy = await makePolicy(ws);
    await moveWithoutOverwrite(
      await policy.resolveLinkItself('dir'),
      await policy.resolveForCreate('renamed'),
    );
    assert.equal(await exists(path.join(ws, 'dir')), false);
    assert.equal(await readFile(path.join(ws, 'renamed/one.txt'), 'utf8'), '1\n');
    assert.equal(await readFile(path.join(ws, 'renamed/nested/two.txt'), 'utf8'), '2\n');
  });

  it('moves a link itself, not the file it points to', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'target.txt', 't\n');
    await symlink('target.txt', path.join(ws, 'link.txt'));
    const policy = await makePolicy(ws);
    await moveWithoutOverwrite(
      await policy.resolveLinkItself('link.txt'),
      await policy.resolveForCreate('moved-link.txt'),
    );
    assert.equal(await readlink(path.join(ws, 'moved-link.txt')), 'target.txt');
    assert.equal(await readFile(path.join(ws, 'target.txt'), 'utf8'), 't\n');
    assert.equal(await exists(path.join(ws, 'link.txt')), false);
  });

  it('refuses with already_exists when the destination file exists, and leaves both intact', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    await put(ws, 'b.txt', 'bravo\n');
    const policy = await makePolicy(ws);
    const destination = await policy.resolveForCreate('b.txt');
    assert.equal(destination.exists, true);
    await rejectsWith(
      moveWithoutOverwrite(await policy.resolveLinkItself('a.txt'), destination),
      'already_exists',
    );
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
    assert.equal(await readFile(path.join(ws, 'b.txt'), 'utf8'), 'bravo\n');
  });

  it('refuses with already_exists when a file appears at the destination after the check', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const source = await policy.resolveLinkItself('a.txt');
    const destination = await policy.resolveForCreate('b.txt');
    assert.equal(destination.exists, false);
    await put(ws, 'b.txt', 'arrived later\n');
    await rejectsWith(moveWithoutOverwrite(source, destination), 'already_exists');
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
    assert.equal(await readFile(path.join(ws, 'b.txt'), 'utf8'), 'arrived later\n');
  });

  it('refuses with already_exists when an empty folder is at the destination of a folder move', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'dir/one.txt', '1\n');
    await mkdir(path.join(ws, 'empty'));
    const policy = await makePolicy(ws);
    const destination = await policy.resolveForCreate('empty');
    await rejectsWith(
      moveWithoutOverwrite(await policy.resolveLinkItself('dir'), destination),
      'already_exists',
    );
    assert.equal(await readFile(path.join(ws, 'dir/one.txt'), 'utf8'), '1\n');
    assert.deepEqual(await namesIn(path.join(ws, 'empty')), []);
  });

  it('refuses with already_exists when an empty folder appears at the destination after the check', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'dir/one.txt', '1\n');
    const policy = await makePolicy(ws);
    const source = await policy.resolveLinkItself('dir');
    const destination = await policy.resolveForCreate('empty');
    // rename() would silently replace an empty folder; the move must not.
    await mkdir(path.join(ws, 'empty'));
    await rejectsWith(moveWithoutOverwrite(source, destination), 'already_exists');
    assert.equal(await readFile(path.join(ws, 'dir/one.txt'), 'utf8'), '1\n');
    assert.deepEqual(await namesIn(path.join(ws, 'empty')), []);
  });

  it('refuses with already_exists when an empty folder appears where a file is moved', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const source = await policy.resolveLinkItself('a.txt');
    const destination = await policy.resolveForCreate('slot');
    await mkdir(path.join(ws, 'slot'));
    await rejectsWith(moveWithoutOverwrite(source, destination), 'already_exists');
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'alpha\n');
    assert.deepEqual(await namesIn(path.join(ws, 'slot')), []);
  });
});
