import assert from 'node:assert/strict';
import { chmod, chown, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DataDirError } from '../../../main/core/config/data-dir-error.ts';
import { ensurePrivateDataDir } from '../../../main/core/config/private-data-dir.ts';
import { tempDir } from '../fixtures.ts';

const modeOf = async (dir: string) => (await stat(dir)).mode & 0o777;

describe('the private data dir', () => {
  it('is created with its parents, private to its owner', async () => {
    const dataDir = path.join(await tempDir('data-dir'), 'a', 'Airlock');
    assert.deepEqual(await ensurePrivateDataDir(dataDir, 'linux'), { fixedMode: false });
    assert.equal(await modeOf(dataDir), 0o700);
  });

  it('is made private again when others could enter it, and says so', async () => {
    const dataDir = await tempDir('data-dir');
    await chmod(dataDir, 0o755);
    assert.deepEqual(await ensurePrivateDataDir(dataDir, 'linux'), { fixedMode: true });
    assert.equal(await modeOf(dataDir), 0o700);
  });

  it('is refused with a plain reason when it is a file', async () => {
    const file = path.join(await tempDir('data-dir'), 'Airlock');
    await writeFile(file, 'not a folder');
    await assert.rejects(
      ensurePrivateDataDir(file, 'linux'),
      (error: unknown) => error instanceof DataDirError && /is not a folder/.test(error.message),
    );
  });

  it('is refused when another user owns it', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('only root can give a folder to another user');
    const dataDir = path.join(await tempDir('data-dir'), 'theirs');
    await mkdir(dataDir, { mode: 0o700 });
    await chown(dataDir, 65534, 65534);
    await assert.rejects(
      ensurePrivateDataDir(dataDir, 'linux'),
      (error: unknown) =>
        error instanceof DataDirError && /belongs to another user/.test(error.message),
    );
  });
});
