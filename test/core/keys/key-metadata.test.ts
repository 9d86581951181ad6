import assert from 'node:assert/strict';
import { link, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  keysFilePath,
  readKeyRecords,
  writeKeyRecords,
  type KeyRecord,
} from '../../../main/core/keys/key-metadata.ts';
import { isKeysError } from '../../../main/core/keys/keys-error.ts';
import { tempDir } from './keys-fixture.ts';

const record = (name: string): KeyRecord => ({
  name,
  created: '2026-01-02T03:04:05.000Z',
  scope: { workspaces: 'all', access: 'read' },
});

describe('key metadata file', () => {
  it('means no keys while it does not exist', async () => {
    assert.deepEqual(await readKeyRecords(path.join(await tempDir(), 'data')), []);
  });

  it('reads back what was written, creating the data dir', async () => {
    const dataDir = path.join(await tempDir(), 'new', 'data');
    await writeKeyRecords(dataDir, [record('a'), record('b')]);
    assert.deepEqual(await readKeyRecords(dataDir), [record('a'), record('b')]);
  });

  it('is readable by its owner only', { skip: process.platform === 'win32' }, async () => {
    const dataDir = await tempDir();
    await writeKeyRecords(dataDir, [record('a')]);
    assert.equal((await stat(keysFilePath(dataDir))).mode & 0o777, 0o600);
  });

  it('is replaced by a rename, never rewritten in place, and leaves no temp file', async () => {
    const dataDir = await tempDir();
    await writeKeyRecords(dataDir, [record('old')]);
    // A second link to the old file: rewriting in place would change what it shows.
    const oldView = path.join(dataDir, 'old-view');
    await link(keysFilePath(dataDir), oldView);
    await writeKeyRecords(dataDir, [record('new')]);
    assert.match(await readFile(oldView, 'utf8'), /"old"/);
    assert.deepEqual(await readKeyRecords(dataDir), [record('new')]);
    assert.deepEqual((await readdir(dataDir)).sort(), ['keys.json', 'old-view']);
  });

  it('refuses to write an invalid list and leaves the file as it was', async () => {
    const dataDir = await tempDir();
    await writeKeyRecords(dataDir, [record('a')]);
    const before = await readFile(keysFilePath(dataDir), 'utf8');
    await assert.rejects(writeKeyRecords(dataDir, [record('a'), record('a')]));
    await assert.rejects(writeKeyRecords(dataDir, [{ ...record('a'), created: 'yesterday' }]));
    assert.equal(await readFile(keysFilePath(dataDir), 'utf8'), before);
    assert.deepEqual(await readdir(dataDir), ['keys.json']);
  });

  for (const [what, content] of [
    ['is not JSON', '{"name": "a",'],
    ['is empty', ''],
    ['is not a list', '{"name":"a"}'],
    ['has a key without a scope', '[{"name":"a","created":"2026-01-02T03:04:05.000Z"}]'],
    ['names a key twice', JSON.stringify([record('a'), record('a')])],
    [
      'has a relative workspace',
      JSON.stringify([{ ...record('a'), scope: { workspaces: ['rel'], access: 'read' } }]),
    ],
  ] as const) {
    it(`is a clear error, and left untouched, when it ${what}`, async () => {
      const dataDir = await tempDir();
      await mkdir(dataDir, { recursive: true });
      await writeFile(keysFilePath(dataDir), content);
      await assert.rejects(
        readKeyRecords(dataDir),
        (error) =>
          isKeysError(error, 'corrupt_metadata') &&
          error.message.includes(keysFilePath(dataDir)) &&
          /damaged/.test(error.message) &&
          /has not changed it/.test(error.message),
      );
      assert.equal(await readFile(keysFilePath(dataDir), 'utf8'), content);
    });
  }
});
