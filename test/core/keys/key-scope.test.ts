import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  createKeyScope,
  describeKeyScope,
  KeyScopeSchema,
} from '../../../main/core/keys/key-scope.ts';
import { isKeysError } from '../../../main/core/keys/keys-error.ts';
import { tempDir } from './keys-fixture.ts';

const root = await tempDir();
const notes = path.join(root, 'notes');
const drafts = path.join(root, 'drafts');
const link = path.join(root, 'link-to-notes');
await mkdir(notes);
await mkdir(drafts);
await symlink(notes, link);
await writeFile(path.join(root, 'file.txt'), 'x');

describe('key scope', () => {
  it('covers every workspace when no folder is named', async () => {
    assert.deepEqual(await createKeyScope([], 'read'), { workspaces: 'all', access: 'read' });
  });

  it('keeps the access it was given', async () => {
    assert.equal((await createKeyScope([notes], 'write')).access, 'write');
    assert.equal((await createKeyScope([notes], 'read')).access, 'read');
  });

  it('fixes folders to their real paths when the key is made, once each', async () => {
    const scope = await createKeyScope([link, notes, drafts], 'read');
    assert.deepEqual(scope.workspaces, [notes, drafts]);
  });

  it('resolves a relative folder against the current directory', async () => {
    const relative = path.relative(process.cwd(), drafts);
    assert.deepEqual((await createKeyScope([relative], 'read')).workspaces, [drafts]);
  });

  it('refuses a folder that does not exist, or a file, with a clear message', async () => {
    await assert.rejects(
      createKeyScope([path.join(root, 'missing')], 'read'),
      (error) => isKeysError(error, 'invalid_scope') && /does not exist/.test(error.message),
    );
    await assert.rejects(
      createKeyScope([path.join(root, 'file.txt')], 'read'),
      (error) => isKeysError(error, 'invalid_scope') && /not a folder/.test(error.message),
    );
  });

  it('validates stored scopes: absolute folders or "all", and read or write', () => {
    assert.equal(KeyScopeSchema.safeParse({ workspaces: 'all', access: 'read' }).success, true);
    assert.equal(KeyScopeSchema.safeParse({ workspaces: [notes], access: 'write' }).success, true);
    for (const bad of [
      { workspaces: ['relative/dir'], access: 'read' },
      { workspaces: [], access: 'read' },
      { workspaces: 'some', access: 'read' },
      { workspaces: 'all', access: 'admin' },
      { workspaces: 'all' },
    ]) {
      assert.equal(KeyScopeSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('describes itself for people', () => {
    assert.equal(
      describeKeyScope({ workspaces: 'all', access: 'read' }),
      'read-only, all workspaces',
    );
    assert.equal(
      describeKeyScope({ workspaces: [notes, drafts], access: 'write' }),
      `can read and change files, ${notes}, ${drafts}`,
    );
  });
});
