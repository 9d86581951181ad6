import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServeOptions } from '../../main/cli/serve-options.ts';
import { UsageError } from '../../main/cli/usage-error.ts';

describe('airlock serve: how file operations run', () => {
  const serve = (transport: string, env: NodeJS.ProcessEnv = {}) =>
    parseServeOptions([`--${transport}`, '--workspace', '/tmp'], env);

  it('runs them inline for --stdio, whose process serves one client and nothing else', () => {
    assert.equal(serve('stdio').fileAccess, 'inline');
  });

  it('keeps them on the thread pool for --http and --socket, which serve many clients', () => {
    assert.equal(serve('http').fileAccess, 'pooled');
    assert.equal(serve('socket').fileAccess, 'pooled');
  });

  it('takes AIRLOCK_FILE_ACCESS over the default, for measuring both', () => {
    assert.equal(serve('stdio', { AIRLOCK_FILE_ACCESS: 'pooled' }).fileAccess, 'pooled');
    assert.equal(serve('http', { AIRLOCK_FILE_ACCESS: 'inline' }).fileAccess, 'inline');
    assert.equal(serve('stdio', { AIRLOCK_FILE_ACCESS: '' }).fileAccess, 'inline');
  });

  it('refuses any other AIRLOCK_FILE_ACCESS with a usage error that names the choices', () => {
    assert.throws(
      () => serve('stdio', { AIRLOCK_FILE_ACCESS: 'fast' }),
      (error: unknown) =>
        error instanceof UsageError && /"pooled" or "inline", not "fast"/.test(error.message),
    );
  });
});
