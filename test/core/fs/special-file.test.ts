import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isNotARegularFile, notARegularFile } from '../../../main/core/fs/special-file.ts';
import { PolicyError } from '../../../main/core/policy/policy-error.ts';

describe('notARegularFile', () => {
  it('calls a folder a folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'airlock-special-'));
    try {
      const refusal = notARegularFile(await stat(dir));
      assert.equal(refusal.code, 'not_a_file');
      assert.equal(refusal.message, 'That path is a folder, not a file.');
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('calls anything else a special file, in plain words', () => {
    const refusal = notARegularFile();
    assert.equal(refusal.code, 'not_a_file');
    assert.equal(
      refusal.message,
      'That path is a special file (a pipe, socket or device), not a regular file.',
    );
  });

  it('recognizes its refusals, and only those', () => {
    assert.equal(isNotARegularFile(notARegularFile()), true);
    assert.equal(isNotARegularFile(new PolicyError('guarded', 'no')), false);
    assert.equal(isNotARegularFile(new Error('That path is a special file')), false);
  });
});
