import assert from 'node:assert/strict';
import { constants, fstatSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  fileAccessOf,
  inlineFileAccess,
  pooledFileAccess,
  type FileAccess,
} from '../../../main/core/platform/file-access.ts';
import { makeLayout, put } from '../fixtures.ts';

for (const access of [pooledFileAccess, inlineFileAccess]) {
  describe(`${access.kind} file access`, () => {
    it('resolves a path through links to the real path, as the kernel does', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'real.txt', 'x');
      await symlink(path.join(ws, 'real.txt'), path.join(ws, 'link.txt'));
      assert.equal(await access.realpath(path.join(ws, 'link.txt')), path.join(ws, 'real.txt'));
    });

    it('describes a link itself, without following it', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'real.txt', 'x');
      await symlink(path.join(ws, 'real.txt'), path.join(ws, 'link.txt'));
      assert.equal((await access.lstat(path.join(ws, 'link.txt'))).isSymbolicLink(), true);
      assert.equal((await access.lstat(path.join(ws, 'real.txt'))).isFile(), true);
    });

    it('fails with the system error code, so callers can explain it', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'file.txt', 'x');
      await assert.rejects(access.realpath(path.join(ws, 'missing')), { code: 'ENOENT' });
      await assert.rejects(access.lstat(path.join(ws, 'missing')), { code: 'ENOENT' });
      await assert.rejects(access.open(path.join(ws, 'file.txt', 'below'), constants.O_RDONLY), {
        code: 'ENOTDIR',
      });
      await assert.rejects(access.readdir(path.join(ws, 'file.txt')), { code: 'ENOTDIR' });
    });

    it('opens, describes and reads a file at a position', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'file.txt', 'hello world');
      const fd = await access.open(path.join(ws, 'file.txt'), constants.O_RDONLY);
      try {
        assert.equal((await access.fstat(fd)).size, 11);
        const buffer = Buffer.alloc(5);
        assert.equal(await access.read(fd, buffer, 0, 5, 6), 5);
        assert.equal(buffer.toString(), 'world');
        assert.equal(await access.read(fd, buffer, 0, 5, 11), 0, 'end of file');
      } finally {
        access.release(fd);
      }
    });

    it('lists a folder with the kind of each entry', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'a.txt', 'x');
      await mkdir(path.join(ws, 'sub'));
      const entries = await access.readdir(ws);
      const kinds = entries
        .map((entry) => `${entry.name}:${entry.isDirectory() ? 'dir' : 'file'}`)
        .sort();
      assert.deepEqual(kinds, ['a.txt:file', 'sub:dir']);
    });

    it('releases a descriptor: it is closed soon, without anyone waiting for it', async () => {
      const { ws } = await makeLayout();
      await put(ws, 'file.txt', 'x');
      const fd = await access.open(path.join(ws, 'file.txt'), constants.O_RDONLY);
      access.release(fd);
      for (let waited = 0; waited < 1000; waited += 1) {
        try {
          fstatSync(fd);
        } catch (error) {
          assert.equal((error as NodeJS.ErrnoException).code, 'EBADF');
          return;
        }
        await sleep(1);
      }
      assert.fail(`descriptor ${fd} is still open a second later`);
    });
  });
}

describe('where the system calls run', () => {
  /** Whether `operation` settled before an immediate queued just before it had run. */
  async function settledBeforeTheLoopTurned(operation: () => Promise<unknown>): Promise<boolean> {
    let turned = false;
    setImmediate(() => (turned = true));
    await operation();
    return !turned;
  }

  /** Every operation of `access` once, on a workspace holding file.txt. */
  async function eachOperationOf(
    access: FileAccess,
    check: (operation: () => Promise<unknown>) => Promise<void>,
  ): Promise<void> {
    const { ws } = await makeLayout();
    const file = path.join(ws, 'file.txt');
    await put(ws, 'file.txt', 'x');
    const fd = await access.open(file, constants.O_RDONLY);
    try {
      await check(() => access.realpath(file));
      await check(() => access.lstat(file));
      await check(() =>
        access.open(file, constants.O_RDONLY).then((opened) => access.release(opened)),
      );
      await check(() => access.fstat(fd));
      await check(() => access.read(fd, Buffer.alloc(1), 0, 1, 0));
      await check(() => access.readdir(ws));
    } finally {
      access.release(fd);
    }
  }

  it('inline: each call is answered on the spot, without a trip through the thread pool', async () => {
    await eachOperationOf(inlineFileAccess, async (operation) =>
      assert.equal(await settledBeforeTheLoopTurned(operation), true, operation.toString()),
    );
  });

  it('pooled: each call leaves the event loop free while the thread pool works', async () => {
    await eachOperationOf(pooledFileAccess, async (operation) =>
      assert.equal(await settledBeforeTheLoopTurned(operation), false, operation.toString()),
    );
  });

  it('is chosen by name', () => {
    assert.equal(fileAccessOf('inline'), inlineFileAccess);
    assert.equal(fileAccessOf('pooled'), pooledFileAccess);
  });
});
