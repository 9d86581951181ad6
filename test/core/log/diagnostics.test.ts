import assert from 'node:assert/strict';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createDiagnosticsLog } from '../../../main/core/log/diagnostics.ts';
import { tempDir } from '../fixtures.ts';

/** Waits until winston has written `file`, which it opens and writes in the background. */
async function written(file: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const size = await stat(file).then(
      (stats) => stats.size,
      () => 0,
    );
    if (size > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`${file} was never written`);
}

describe('the diagnostics log', () => {
  it('is created readable by its owner alone, in a folder only its owner can enter', async () => {
    const dataDir = await tempDir('log');
    const file = path.join(dataDir, 'logs', 'diagnostics.log');
    createDiagnosticsLog({ file, stderr: false }).warn('first line');
    await written(file);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);
  });

  it('makes a log an earlier version left open to others private again', async () => {
    const dataDir = await tempDir('log');
    const file = path.join(dataDir, 'logs', 'diagnostics.log');
    await mkdir(path.dirname(file));
    await writeFile(file, '{"old":true}\n');
    await chmod(file, 0o644);
    createDiagnosticsLog({ file, stderr: false }).warn('next line');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });
});
