// The key placeholders are signed with: made once in the data dir, private, kept across
// starts, and replaced (with the reason, for the log) when damaged or readable by others.
import assert from 'node:assert/strict';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadSecretsKey, SECRETS_KEY_FILE } from '../../../main/core/secrets/secrets-key.ts';
import { tempDir } from '../fixtures.ts';

describe('the secrets key', () => {
  it('is 32 random bytes, made once in a file only the user can read, and kept', async () => {
    const dataDir = await tempDir('secrets-key');
    const first = await loadSecretsKey(dataDir, 'linux');
    assert.equal(first.key.byteLength, 32);
    assert.equal(first.replaced, undefined);
    const file = path.join(dataDir, SECRETS_KEY_FILE);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual((await loadSecretsKey(dataDir, 'linux')).key, first.key);
    assert.notDeepEqual(
      (await loadSecretsKey(await tempDir('secrets-key'), 'linux')).key,
      first.key,
    );
  });

  it('is one key when two processes make it at once', async () => {
    const dataDir = await tempDir('secrets-key');
    const [a, b] = await Promise.all([
      loadSecretsKey(dataDir, 'linux'),
      loadSecretsKey(dataDir, 'linux'),
    ]);
    assert.deepEqual(a.key, b.key);
  });

  it('is replaced when damaged, short, or readable by others, and says why', async () => {
    const dataDir = await tempDir('secrets-key');
    const file = path.join(dataDir, SECRETS_KEY_FILE);
    const first = await loadSecretsKey(dataDir, 'linux');
    await writeFile(file, 'c2hvcnQ\n', { mode: 0o600 });
    const short = await loadSecretsKey(dataDir, 'linux');
    assert.equal(short.replaced, 'malformed');
    assert.notDeepEqual(short.key, first.key);
    await chmod(file, 0o644);
    const open = await loadSecretsKey(dataDir, 'linux');
    assert.equal(open.replaced, 'readable by others');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.match(await readFile(file, 'utf8'), /^[A-Za-z0-9_-]{43}\n$/);
  });
});
