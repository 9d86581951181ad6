import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRequestedPath } from '../../../main/core/policy/path-syntax.ts';
import { linuxPlatform, win32Platform } from '../../../main/core/policy/platform.ts';
import { isPolicyError } from '../../../main/core/policy/policy-error.ts';

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(isPolicyError(error), `expected a PolicyError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_path');
    return error.message;
  }
  assert.fail('expected the path to be refused');
}

describe('requested path syntax', () => {
  it('refuses a NUL byte anywhere in the path', () => {
    assert.match(
      refusal(() => normalizeRequestedPath('notes.txt\0.png', linuxPlatform)),
      /NUL/,
    );
  });

  it('refuses an empty path', () => {
    refusal(() => normalizeRequestedPath('   ', linuxPlatform));
  });

  it('decodes a file:// URI, including percent-encoded characters', () => {
    assert.equal(
      normalizeRequestedPath('file:///ws/my%20notes.txt', linuxPlatform),
      '/ws/my notes.txt',
    );
    assert.equal(normalizeRequestedPath('file://localhost/ws/a.txt', linuxPlatform), '/ws/a.txt');
  });

  it('treats the URI scheme case-insensitively', () => {
    assert.equal(normalizeRequestedPath('FILE:///ws/a.txt', linuxPlatform), '/ws/a.txt');
    assert.equal(normalizeRequestedPath('File://localhost/ws/a.txt', linuxPlatform), '/ws/a.txt');
  });

  it('refuses a file:// URI that encodes a slash or NUL, or names another host', () => {
    refusal(() => normalizeRequestedPath('file:///ws/..%2f..%2fetc/passwd', linuxPlatform));
    refusal(() => normalizeRequestedPath('file:///ws/a%00b', linuxPlatform));
    assert.match(
      refusal(() => normalizeRequestedPath('file://server/share/a.txt', linuxPlatform)),
      /another host/,
    );
  });

  it('leaves ordinary POSIX paths alone, colons and trailing dots included', () => {
    assert.equal(normalizeRequestedPath('/ws/a:b/c.', linuxPlatform), '/ws/a:b/c.');
  });

  const windowsRefusals: [string, RegExp][] = [
    ['\\\\?\\C:\\ws\\a.txt', /Device paths/],
    ['\\\\.\\PhysicalDrive0', /Device paths/],
    ['\\\\server\\share\\a.txt', /network paths/],
    ['//server/share/a.txt', /network paths/],
    ['C:\\ws\\notes.txt:secret', /alternate data stream/],
    ['C:\\ws\\notes.txt::$DATA', /alternate data stream/],
    ['C:\\ws\\CON', /reserved Windows device/],
    ['C:\\ws\\nul.txt', /reserved Windows device/],
    ['C:\\ws\\com1.log', /reserved Windows device/],
    ['C:\\ws\\notes.txt.', /dot or a space/],
    ['C:\\ws\\notes.txt ', /dot or a space/],
    ['C:\\ws\\folder. \\a.txt', /dot or a space/],
    ['C:\\PROGRA~1\\app', /8\.3 short name/],
    ['C:\\ws\\SECRET~1.ENV', /8\.3 short name/],
    ['C:folder\\a.txt', /Drive-relative/],
    ['C:\\ws\\a<b', /character Windows does not allow/],
  ];
  for (const [input, reason] of windowsRefusals) {
    it(`refuses ${JSON.stringify(input)} under Windows rules`, () => {
      assert.match(
        refusal(() => normalizeRequestedPath(input, win32Platform)),
        reason,
      );
    });
  }

  it('accepts ordinary Windows paths, with either slash', () => {
    assert.equal(normalizeRequestedPath('C:\\ws\\notes.txt', win32Platform), 'C:\\ws\\notes.txt');
    assert.equal(
      normalizeRequestedPath('C:/ws/sub/notes.txt', win32Platform),
      'C:/ws/sub/notes.txt',
    );
    assert.equal(normalizeRequestedPath('sub\\..\\notes.txt', win32Platform), 'sub\\..\\notes.txt');
  });

  it('decodes a Windows file:// URI to a drive path', () => {
    assert.equal(
      normalizeRequestedPath('file:///C:/ws/a%20b.txt', win32Platform),
      'C:\\ws\\a b.txt',
    );
  });
});
