import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listenErrorMessage } from '../../main/cli/listen-error.ts';

/** An error as net.Server's listen gives it. */
const listenError = (code: string, port: number) =>
  Object.assign(new Error(`listen ${code}: 127.0.0.1:${port}`), { code, syscall: 'listen' });

describe('what airlock serve --http says when it cannot listen', () => {
  it('for a port below 1024 as a normal user (EACCES): that it needs no such port, and what to use', () => {
    const message = listenErrorMessage(listenError('EACCES', 80), '127.0.0.1', 80);
    assert.match(message ?? '', /port 80: ports below 1024 need administrator rights/);
    assert.match(message ?? '', /--port 0 for any free port/);
  });

  it('for a port another program holds (EADDRINUSE)', () => {
    const message = listenErrorMessage(listenError('EADDRINUSE', 47474), '127.0.0.1', 47474);
    assert.match(message ?? '', /Port 47474 is already in use\. Choose another with --port/);
  });

  it('for a higher port the system refuses, and for ::1 where IPv6 is off', () => {
    assert.match(
      listenErrorMessage(listenError('EACCES', 8080), '127.0.0.1', 8080) ?? '',
      /does not let Airlock listen on port 8080/,
    );
    assert.match(
      listenErrorMessage(listenError('EADDRNOTAVAIL', 8080), '::1', 8080) ?? '',
      /no address ::1 .*--host 127\.0\.0\.1/,
    );
  });

  it('has no words for anything else, which stays an unexpected error', () => {
    assert.equal(listenErrorMessage(listenError('EMFILE', 80), '127.0.0.1', 80), undefined);
    assert.equal(listenErrorMessage(new Error('boom'), '127.0.0.1', 80), undefined);
    assert.equal(listenErrorMessage(undefined, '127.0.0.1', 80), undefined);
  });
});
