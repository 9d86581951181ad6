// A secret Airlock keeps in its data dir (the bridge token, the placeholders' key) is read
// only from a private plain file of the right shape; anything else says why it is not used.
import assert from 'node:assert/strict';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readPrivateToken } from '../../../main/core/platform/private-token-file.ts';
import { tempDir } from '../fixtures.ts';

const TOKEN = 'A'.repeat(42) + 'w';

describe('a private token file', () => {
  it('gives its token without the line end', async () => {
    const file = path.join(await tempDir('token-file'), 'token');
    await writeFile(file, `${TOKEN}\n`, { mode: 0o600 });
    assert.deepEqual(await readPrivateToken(file, 'linux'), { token: TOKEN });
  });

  it('is missing when there is no file', async () => {
    const file = path.join(await tempDir('token-file'), 'token');
    assert.deepEqual(await readPrivateToken(file, 'linux'), { problem: 'missing' });
  });

  it('is malformed when short, too large, or a link to a good token', async () => {
    const dir = await tempDir('token-file');
    const cases: [string, () => Promise<void>][] = [
      ['short', () => writeFile(path.join(dir, 'short'), 'c2hvcnQ\n', { mode: 0o600 })],
      [
        'large',
        () => writeFile(path.join(dir, 'large'), `${TOKEN}${' '.repeat(2000)}`, { mode: 0o600 }),
      ],
      [
        'link',
        async () => {
          await writeFile(path.join(dir, 'target'), TOKEN, { mode: 0o600 });
          await symlink(path.join(dir, 'target'), path.join(dir, 'link'));
        },
      ],
    ];
    for (const [name, make] of cases) {
      await make();
      assert.deepEqual(
        await readPrivateToken(path.join(dir, name), 'linux'),
        { problem: 'malformed' },
        name,
      );
    }
  });

  it('is refused when others can read it, except on Windows where the folder keeps it private', async () => {
    const file = path.join(await tempDir('token-file'), 'token');
    await writeFile(file, TOKEN, { mode: 0o644 });
    assert.deepEqual(await readPrivateToken(file, 'linux'), { problem: 'readable by others' });
    assert.deepEqual(await readPrivateToken(file, 'win32'), { token: TOKEN });
  });
});
