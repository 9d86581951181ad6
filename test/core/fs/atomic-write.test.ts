import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, readFile, readlink, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TEMP_PREFIX, writeFileAtomically } from '../../../main/core/fs/atomic-write.ts';
import type { ResolvedPath } from '../../../main/core/policy/path-policy.ts';
import { makeLayout, makePolicy, namesIn, put, rejectsWith } from '../fixtures.ts';

async function tempFilesIn(dir: string): Promise<string[]> {
  return (await namesIn(dir)).filter((name) => name.startsWith(TEMP_PREFIX));
}

describe('writeFileAtomically', () => {
  it('creates a file that did not exist', async () => {
    const { ws } = await makeLayout();
    const policy = await makePolicy(ws);
    const target = await policy.resolveForCreate('new.txt');
    assert.equal(target.exists, false);
    await writeFileAtomically(target, Buffer.from('hello\n'));
    assert.equal(await readFile(path.join(ws, 'new.txt'), 'utf8'), 'hello\n');
  });

  it('replaces the whole content of an existing file', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'old content that is longer than the new one\n');
    const policy = await makePolicy(ws);
    await writeFileAtomically(await policy.resolveForCreate('a.txt'), Buffer.from('new\n'));
    assert.equal(await readFile(path.join(ws, 'a.txt'), 'utf8'), 'new\n');
  });

  it('writes to a new inode, so a reader holding the old file never sees a mix', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'old\n');
    const before = await stat(file);
    const policy = await makePolicy(ws);
    await writeFileAtomically(await policy.resolveForCreate('a.txt'), Buffer.from('new\n'));
    assert.notEqual((await stat(file)).ino, before.ino);
  });

  it('keeps the file mode when replacing a file', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'old\n');
    await chmod(file, 0o640);
    const policy = await makePolicy(ws);
    await writeFileAtomically(await policy.resolveForCreate('a.txt'), Buffer.from('new\n'));
    assert.equal((await stat(file)).mode & 0o7777, 0o640);
    assert.equal(await readFile(file, 'utf8'), 'new\n');
  });

  it('keeps an executable mode that the umask would otherwise narrow', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'run.sh', '#!/bin/sh\n');
    await chmod(file, 0o777);
    const policy = await makePolicy(ws);
    await writeFileAtomically(
      await policy.resolveForCreate('run.sh'),
      Buffer.from('#!/bin/sh\necho hi\n'),
    );
    assert.equal((await stat(file)).mode & 0o7777, 0o777);
  });

  it('leaves no temp file behind after a successful write', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'old\n');
    const policy = await makePolicy(ws);
    await writeFileAtomically(await policy.resolveForCreate('a.txt'), Buffer.from('new\n'));
    await writeFileAtomically(await policy.resolveForCreate('b.txt'), Buffer.from('b\n'));
    assert.deepEqual(await namesIn(ws), ['a.txt', 'b.txt']);
  });

  it('leaves no temp file behind when the final rename fails', async () => {
    const { ws } = await makeLayout();
    const policy = await makePolicy(ws);
    // Resolved while free; a folder then takes the name, so renaming the temp file onto it fails.
    const target = await policy.resolveForCreate('slot');
    await put(ws, 'slot/inside.txt', 'kept\n');
    await assert.rejects(writeFileAtomically(target, Buffer.from('new\n')));
    assert.deepEqual(await tempFilesIn(ws), []);
    assert.deepEqual(await namesIn(ws), ['slot']);
    assert.equal(await readFile(path.join(ws, 'slot/inside.txt'), 'utf8'), 'kept\n');
  });

  it('refuses to replace a folder and creates no temp file', async () => {
    const { ws } = await makeLayout();
    await mkdir(path.join(ws, 'folder'));
    const policy = await makePolicy(ws);
    const target = await policy.resolveForCreate('folder');
    await assert.rejects(writeFileAtomically(target, Buffer.from('new\n')), { code: 'not_a_file' });
    assert.deepEqual(await tempFilesIn(ws), []);
    assert.ok((await lstat(path.join(ws, 'folder'))).isDirectory());
  });

  it('replaces a link planted in a free target slot instead of writing through it', async () => {
    const { ws, outside } = await makeLayout();
    const victim = await put(outside, 'victim.txt', 'untouched\n');
    const policy = await makePolicy(ws);
    const target = await policy.resolveForCreate('new.txt');
    // After the check, a link to a file outside appears where the new file will go.
    await symlink(victim, path.join(ws, 'new.txt'));
    await writeFileAtomically(target, Buffer.from('new\n'));
    assert.equal(await readFile(victim, 'utf8'), 'untouched\n');
    const written = await lstat(path.join(ws, 'new.txt'));
    assert.ok(written.isFile(), 'the link was replaced by a regular file');
    assert.equal(await readFile(path.join(ws, 'new.txt'), 'utf8'), 'new\n');
    assert.deepEqual(await tempFilesIn(ws), []);
  });

  it('never writes through a link whose path is the resolved target', async () => {
    const { ws, outside } = await makeLayout();
    const victim = await put(outside, 'victim.txt', 'untouched\n');
    await symlink(victim, path.join(ws, 'link.txt'));
    const policy = await makePolicy(ws);
    const workspace = policy.workspaces[0];
    assert.ok(workspace);
    const target: ResolvedPath = {
      workspace,
      real: path.join(ws, 'link.txt'),
      segments: ['link.txt'],
      exists: true,
    };
    await writeFileAtomically(target, Buffer.from('new\n')).catch(() => undefined);
    assert.equal(await readFile(victim, 'utf8'), 'untouched\n');
    assert.deepEqual(await tempFilesIn(ws), []);
  });

  it('refuses, without writing through it, a link found where the checked file was', async () => {
    const { ws, outside } = await makeLayout();
    const victim = await put(outside, 'victim.txt', 'untouched\n');
    await symlink(victim, path.join(ws, 'link.txt'));
    const policy = await makePolicy(ws);
    const workspace = policy.workspaces[0];
    assert.ok(workspace);
    // The policy never hands out a link as a real path, so a link here means the file was
    // swapped after the check.
    const target: ResolvedPath = {
      workspace,
      real: path.join(ws, 'link.txt'),
      segments: ['link.txt'],
      exists: true,
    };
    await rejectsWith(
      writeFileAtomically(target, Buffer.from('new\n')),
      'changed_during_operation',
    );
    assert.ok((await lstat(path.join(ws, 'link.txt'))).isSymbolicLink());
    assert.equal(await readFile(victim, 'utf8'), 'untouched\n');
  });

  it('leaves a link to an inside file alone when the policy resolved the write to the file', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'real.txt', 'old\n');
    await symlink('real.txt', path.join(ws, 'alias.txt'));
    const policy = await makePolicy(ws);
    const target = await policy.resolveForCreate('alias.txt');
    await writeFileAtomically(target, Buffer.from('new\n'));
    assert.equal(await readlink(path.join(ws, 'alias.txt')), 'real.txt');
    assert.equal(await readFile(path.join(ws, 'real.txt'), 'utf8'), 'new\n');
  });
});

describe('writeFileAtomically with something to flush before the rename', () => {
  it('renames only once beforeRename has resolved, the new content already written', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'old\n');
    const policy = await makePolicy(ws);
    let seenBeforeRename: string | undefined;
    let tempsBeforeRename: string[] = [];
    await writeFileAtomically(await policy.resolveForCreate('a.txt'), Buffer.from('new\n'), {
      beforeRename: async () => {
        seenBeforeRename = await readFile(file, 'utf8');
        tempsBeforeRename = await tempFilesIn(ws);
      },
    });
    assert.equal(seenBeforeRename, 'old\n', 'the target was untouched while it ran');
    assert.equal(tempsBeforeRename.length, 1, 'the new content waited in its temp file');
    assert.equal(await readFile(file, 'utf8'), 'new\n');
  });

  it('changes nothing, and leaves no temp file, when beforeRename fails', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'old\n');
    const policy = await makePolicy(ws);
    await assert.rejects(
      writeFileAtomically(await policy.resolveForCreate('a.txt'), Buffer.from('new\n'), {
        beforeRename: () => Promise.reject(new Error('the record could not be flushed')),
      }),
      /could not be flushed/,
    );
    assert.equal(await readFile(file, 'utf8'), 'old\n');
    assert.deepEqual(await tempFilesIn(ws), []);
  });
});

describe('writeFileAtomically with work to do while the temp file is made', () => {
  it('runs whileFilling while the temp file exists, and the flush and rename only after it', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'old\n');
    const policy = await makePolicy(ws);
    const order: string[] = [];
    await writeFileAtomically(await policy.resolveForCreate('a.txt'), Buffer.from('new\n'), {
      whileFilling: async () => {
        // Let the temp file's creation, on the thread pool, finish first.
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(`filling: ${await readFile(file, 'utf8')}`);
        order.push(`temps: ${(await tempFilesIn(ws)).length}`);
      },
      beforeRename: async () => {
        order.push('before rename');
      },
    });
    assert.deepEqual(order, ['filling: old\n', 'temps: 1', 'before rename']);
    assert.equal(await readFile(file, 'utf8'), 'new\n');
  });

  it('changes nothing, leaves no temp file and reports its failure, when whileFilling fails', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'old\n');
    const policy = await makePolicy(ws);
    let flushed = false;
    await assert.rejects(
      writeFileAtomically(await policy.resolveForCreate('a.txt'), Buffer.from('new\n'), {
        whileFilling: () => Promise.reject(new Error('the old version could not be kept')),
        beforeRename: async () => {
          flushed = true;
        },
      }),
      /could not be kept/,
    );
    assert.equal(flushed, false, 'nothing was flushed for the change');
    assert.equal(await readFile(file, 'utf8'), 'old\n');
    assert.deepEqual(await tempFilesIn(ws), []);
  });
});
