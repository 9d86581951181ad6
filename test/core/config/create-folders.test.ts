import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createFolders } from '../../../main/core/config/create-folders.ts';
import { tempDir } from '../fixtures.ts';

/** Settles `promise`, or fails the test instead of hanging when it never does. */
async function withinSeconds<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('createFolders (mkdir -p that cannot spin)', () => {
  it('creates a folder and its missing parents with the mode', async () => {
    const deep = path.join(await tempDir('folders'), 'a', 'b', 'Airlock');
    await createFolders(deep, 0o700);
    assert.equal((await stat(deep)).mode & 0o777, 0o700);
    assert.equal((await stat(path.dirname(deep))).mode & 0o777, 0o700);
  });

  it('accepts a folder that is already there', async () => {
    const dir = await tempDir('folders');
    await mkdir(path.join(dir, 'there'));
    await createFolders(path.join(dir, 'there'), 0o700);
  });

  it('fails with EEXIST for a file, and ENOTDIR for a path through a file', async () => {
    const file = path.join(await tempDir('folders'), 'file');
    await writeFile(file, '');
    await assert.rejects(createFolders(file, 0o700), { code: 'EEXIST' });
    await assert.rejects(createFolders(path.join(file, 'below'), 0o700), { code: 'ENOTDIR' });
  });

  it('fails at once under /proc, where mkdir says ENOENT although the parent is there', async (t) => {
    if (!existsSync('/proc/self')) return t.skip('no /proc here');
    await assert.rejects(withinSeconds(createFolders('/proc/airlock/x', 0o700), 3), {
      code: 'ENOENT',
    });
  });
});
