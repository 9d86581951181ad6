// The window's words for each way an app's settings file cannot be changed: which app,
// which file, what is wrong, and that nothing was lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../../main/core/app/ipc/app-error.ts';
import { connectionFailure } from '../../../../main/core/app/connections/connections-errors.ts';
import { ConnectError } from '../../../../main/core/connect/connect-error.ts';
import { KeysError } from '../../../../main/core/keys/keys-error.ts';

const FILE = '/home/ann/.cursor/mcp.json';

function words(error: unknown): string {
  const failure = connectionFailure(error, 'Cursor', FILE);
  assert.ok(failure instanceof AppError, `an AppError for ${String(error)}`);
  assert.equal(failure.code, 'unavailable');
  return failure.message;
}

describe('failures to change an app settings file, in plain words', () => {
  it('names the app, the file and the JSON problem, and says nothing changed', () => {
    const message = words(
      new ConnectError('unreadable_config', 'Expected "," at line 3, column 9'),
    );
    assert.equal(
      message,
      `Cursor's settings file, ${FILE}, is not valid JSON (Expected "," at line 3, column 9). Airlock changed nothing. Fix the file in Cursor, or add Airlock by hand with the text under "Other apps".`,
    );
  });

  it('keeps the reason of an unusual shape, without the advice meant for the command line', () => {
    const message = words(
      new ConnectError(
        'unusual_config',
        'The config file has a shape Airlock will not edit automatically ("mcpServers" is not an object). Nothing was changed; add the entry by hand (see "airlock connect snippet").',
      ),
    );
    assert.match(message, /\("mcpServers" is not an object\)\. Airlock changed nothing/);
    assert.doesNotMatch(message, /airlock connect/);
  });

  for (const [code, expected] of [
    ['read_only', /is read-only, so Airlock did not change it/],
    ['not_a_file', /is not a file/],
    ['verify_failed', /without touching something else, so it left the file as it was/],
  ] as const) {
    it(`explains ${code}`, () => {
      const message = words(new ConnectError(code, 'core words'));
      assert.match(message, expected);
      assert.ok(message.includes(FILE));
    });
  }

  for (const [code, expected] of [
    ['EACCES', /because it is not allowed to/],
    ['EROFS', /on a read-only disk/],
    ['ENOSPC', /the disk is full/],
  ] as const) {
    it(`explains a file system refusal (${code})`, () => {
      const error = Object.assign(new Error(`${code}: open '${FILE}'`), { code, syscall: 'open' });
      const message = words(error);
      assert.match(message, expected);
      assert.match(message, /Nothing was changed\.$/);
    });
  }

  it('passes a keys problem on in its own words', () => {
    assert.equal(words(new KeysError('busy', 'Keys are busy.')), 'Keys are busy.');
  });

  it('leaves an unexpected error alone, for the diagnostics log', () => {
    const bug = new TypeError('x is undefined');
    assert.equal(connectionFailure(bug, 'Cursor', FILE), bug);
  });
});
