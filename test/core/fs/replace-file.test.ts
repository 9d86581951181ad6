import assert from 'node:assert/strict';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { replaceFile } from '../../../main/core/fs/replace-file.ts';
import { makeLayout, namesIn, put } from '../fixtures.ts';

describe('replacing a file Airlock owns', () => {
  it('writes the new text with exactly the given mode and leaves no temp file', async () => {
    const { dataDir } = await makeLayout();
    const file = await put(dataDir, 'config.json', 'old');
    await replaceFile(file, 'new', 0o600);
    assert.equal(await readFile(file, 'utf8'), 'new');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await namesIn(dataDir), ['config.json']);
  });

  it('leaves the old file and no temp file behind when the rename fails', async () => {
    const { dataDir } = await makeLayout();
    const target = path.join(dataDir, 'a-folder');
    await mkdir(target);
    await put(target, 'inside.txt', 'keep');
    await assert.rejects(replaceFile(target, 'new', 0o600));
    assert.equal(await readFile(path.join(target, 'inside.txt'), 'utf8'), 'keep');
    assert.deepEqual(await namesIn(dataDir), ['a-folder']);
  });
});
