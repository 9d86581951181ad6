import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSocketFile, socketEndpoint } from '../../../main/core/socket/socket-endpoint.ts';

describe('where the local socket lives', () => {
  it('is airlock.sock in the data dir on macOS and Linux', () => {
    assert.equal(
      socketEndpoint('/home/ann/.config/Airlock', 'linux', 'ann'),
      '/home/ann/.config/Airlock/airlock.sock',
    );
    assert.equal(
      socketEndpoint('/Users/ann/Library/Application Support/Airlock', 'darwin', 'ann'),
      '/Users/ann/Library/Application Support/Airlock/airlock.sock',
    );
    assert.ok(isSocketFile(socketEndpoint('/d', 'linux', 'ann')));
  });

  it('is a named pipe on Windows, \\\\.\\pipe\\airlock- and 32 hex digits', () => {
    const pipe = socketEndpoint('C:\\Users\\Ann\\AppData\\Roaming\\Airlock', 'win32', 'Ann');
    assert.match(pipe, /^\\\\\.\\pipe\\airlock-[0-9a-f]{32}$/);
    assert.ok(!isSocketFile(pipe));
  });

  it('gives two Windows users, or two data dirs of one user, different pipes', () => {
    const dir = 'C:\\Users\\Shared\\Airlock';
    assert.notEqual(socketEndpoint(dir, 'win32', 'ann'), socketEndpoint(dir, 'win32', 'bob'));
    assert.notEqual(
      socketEndpoint('C:\\Airlock\\one', 'win32', 'ann'),
      socketEndpoint('C:\\Airlock\\two', 'win32', 'ann'),
    );
  });

  it('ignores case in the Windows user name and data dir, as Windows does', () => {
    assert.equal(
      socketEndpoint('C:\\Users\\Ann\\AppData\\Roaming\\Airlock', 'win32', 'Ann'),
      socketEndpoint('c:\\users\\ann\\appdata\\roaming\\airlock', 'win32', 'ANN'),
    );
  });
});
