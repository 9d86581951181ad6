import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unexpectedErrorText } from '../../main/cli/unexpected-error.ts';

describe('an error the CLI has no words for', () => {
  const error = new TypeError('Cannot read properties of undefined');

  it('is one line with its message, never a stack trace', () => {
    const text = unexpectedErrorText(error, {});
    assert.equal(text.trimEnd().split('\n').length, 1);
    assert.match(text, /^airlock: unexpected error: Cannot read properties of undefined\. /);
    assert.match(text, /AIRLOCK_DEBUG=1/);
    assert.doesNotMatch(text, /\bat /);
  });

  it('shows where it came from with AIRLOCK_DEBUG=1, for a report', () => {
    assert.match(unexpectedErrorText(error, { AIRLOCK_DEBUG: '1' }), /\n\s+at /);
  });

  it('takes a value that is not an Error', () => {
    assert.match(unexpectedErrorText('odd', {}), /unexpected error: odd\./);
  });
});
