import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
} from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { moveWithoutOverwrite } from '../../../main/core/fs/move-no-clobber.ts';
import type { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { PolicyError } from '../../../main/core/policy/policy-error.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import { startSwapper } from '../../helpers/swapper.ts';
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

// A move between two file systems cannot hard-link, so the file is copied. /dev/shm is a
// tmpfs on Linux, a file system of its own beside the temp folder.
const OTHER_FILE_SYSTEM = '/dev/shm';

/** A workspace on another file system than `ws`, or the reason there is none here. */
async function workspaceElsewhere(ws: string): Promise<string | { skip: string }> {
  const base = await stat(OTHER_FILE_SYSTEM).catch(() => undefined);
  if (!base?.isDirectory() || base.dev === (await stat(ws)).dev)
    return { skip: `${OTHER_FILE_SYSTEM} is not a separate file system here` };
  const dir = await realpath(await mkdtemp(path.join(OTHER_FILE_SYSTEM, 'airlock-move-')));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The test policy, over `ws` and a second workspace. */
async function policyOver(ws: string, second: string): Promise<PathPolicy> {
  const policy = await makePolicy(ws);
  return policy.withWorkspaces([
    ...policy.workspaces,
    await openWorkspace(linuxPlatform, second, 'write'),
  ]);
}

describe('moveWithoutOverwrite to another file system', () => {
  it('copies the file with its content and mode, then removes the original', async (t) => {
    const { ws } = await makeLayout();
    const elsewhere = await workspaceElsewhere(ws);
    if (typeof elsewhere !== 'string') return t.skip(elsewhere.skip);
    const source = await put(ws, 'a.sh', '#!/bin/sh\necho moved\n');
    await chmod(source, 0o751);
    const policy = await policyOver(ws, elsewhere);
    await moveWithoutOverwrite(
      await policy.resolveLinkItself('a.sh'),
      await policy.resolveForCreate(path.join(elsewhere, 'a.sh')),
    );
    assert.equal(await exists(source), false);
    const moved = path.join(elsewhere, 'a.sh');
    assert.equal(await readFile(moved, 'utf8'), '#!/bin/sh\necho moved\n');
    assert.equal((await stat(moved)).mode & 0o7777, 0o751);
  });

  it('never blocks on a file swapped for a FIFO while it is copied', async (t) => {
    const { root, ws } = await makeLayout();
    const elsewhere = await workspaceElsewhere(ws);
    if (typeof elsewhere !== 'string') return t.skip(elsewhere.skip);
    const fifo = path.join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const file = await put(root, 'file.bin', 'content\n');
    const policy = await policyOver(ws, elsewhere);
    const swapper = await startSwapper({
      mode: 'relink',
      target: path.join(ws, 'swap.bin'),
      sources: [file, fifo],
      scratch: path.join(root, 'scratch'),
    });
    let moved = 0;
    let refused = 0;
    try {
      for (let round = 0; round < 200; round += 1) {
        const move = (async () => {
          const source = await policy.resolveLinkItself('swap.bin');
          const target = await policy.resolveForCreate(path.join(elsewhere, `copy-${round}`));
          await moveWithoutOverwrite(source, target);
        })();
        // A copy that opened the pipe would wait for a writer for good.
        const outcome = await Promise.race([
          move.then(
            () => 'moved',
            (error: unknown) => (error instanceof PolicyError ? 'refused' : Promise.reject(error)),
          ),
          new Promise((resolve) => setTimeout(resolve, 2000, 'blocked')),
        ]);
        assert.notEqual(outcome, 'blocked', `move ${round} waits on the FIFO`);
        if (outcome === 'moved') moved += 1;
        else refused += 1;
      }
    } finally {
      await swapper.stop();
      // Frees a thread-pool thread stuck in open() on the pipe, so a failure ends cleanly.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // No reader was waiting.
      }
    }
    assert.ok(moved > 0, 'some moves met the file');
    assert.ok(refused + moved === 200);
  });
});
