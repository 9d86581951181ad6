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

describe('airlock serve: the folders named with --workspace', () => {
  const refusesEmpty = (error: unknown) =>
    error instanceof UsageError &&
    /--workspace needs a folder/.test(error.message) &&
    /not take it to mean the current folder/.test(error.message);

  it('refuses an empty --workspace with a usage error, instead of sharing the current folder', () => {
    assert.throws(() => parseServeOptions(['--stdio', '--workspace', ''], {}), refusesEmpty);
    assert.throws(() => parseServeOptions(['--http', '--workspace='], {}), refusesEmpty);
  });

  it('refuses an empty --workspace beside a real one, and one MCP_WORKSPACE cannot stand in for', () => {
    assert.throws(
      () => parseServeOptions(['--socket', '--workspace', '/tmp', '--workspace', ''], {}),
      refusesEmpty,
    );
    assert.throws(
      () => parseServeOptions(['--stdio', '--workspace', ''], { MCP_WORKSPACE: '/tmp' }),
      refusesEmpty,
    );
  });

  it('takes --allow-risky-folder, off unless given', () => {
    const options = (...args: string[]) => parseServeOptions(['--stdio', ...args], {});
    assert.equal(options('--workspace', '/').allowRiskyFolder, false);
    assert.equal(options('--workspace', '/', '--allow-risky-folder').allowRiskyFolder, true);
  });
});

describe('airlock serve --host', () => {
  const hostOf = (host: string) => parseServeOptions(['--http', '--host', host], {}).host;
  const refusal = (host: string): string => {
    try {
      hostOf(host);
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    return '';
  };

  it('names in its refusal exactly the hosts it accepts', () => {
    const tried = ['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::', '192.168.1.2', 'example.com'];
    const accepted = tried.filter((host) => refusal(host) === '');
    const message = refusal('0.0.0.0');
    const listed = /--host must be (.*), not "0\.0\.0\.0"/.exec(message)?.[1]?.split(/, | or /);
    assert.deepEqual(listed?.sort(), accepted.sort(), message);
  });

  it('binds localhost as 127.0.0.1, and refuses a name that only looks like a host', () => {
    assert.equal(hostOf('localhost'), '127.0.0.1');
    assert.equal(hostOf('::1'), '::1');
    assert.notEqual(refusal('toString'), '');
  });
});
