import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { digestApiKey, generateApiKey } from '../../../main/core/keys/key-format.ts';
import { isKeysError } from '../../../main/core/keys/keys-error.ts';
import {
  ENV_KEY_NAME,
  keyFileName,
  keyNameOfAccount,
  keychainAccount,
  validateKeyName,
} from '../../../main/core/keys/key-name.ts';
import { maskSecrets } from '../../../main/core/audit/redact.ts';
import { API_KEY_PREFIX, isApiKeyShaped } from '../../../preload/contract/api-key.ts';

describe('API key format', () => {
  it('is alk_ followed by 43 base64url characters of 32 random bytes', () => {
    const key = generateApiKey();
    assert.match(key, /^alk_[A-Za-z0-9_-]{43}$/);
    assert.equal(key.startsWith(API_KEY_PREFIX), true);
    assert.equal(Buffer.from(key.slice(4), 'base64url').length, 32);
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 1000 }, generateApiKey));
    assert.equal(keys.size, 1000);
  });

  it('recognises its own keys and nothing shorter, longer or unprefixed', () => {
    const key = generateApiKey();
    assert.equal(isApiKeyShaped(key), true);
    assert.equal(isApiKeyShaped(key.slice(0, -1)), false);
    assert.equal(isApiKeyShaped(`${key}A`), false);
    assert.equal(isApiKeyShaped(key.slice(4)), false);
    assert.equal(isApiKeyShaped(`xlk_${key.slice(4)}`), false);
    assert.equal(isApiKeyShaped(`${key.slice(0, -1)}+`), false, 'base64url has no +');
  });

  it('digests a key to its 32-byte SHA-256', () => {
    const key = generateApiKey();
    const digest = digestApiKey(key);
    assert.equal(digest.length, 32);
    assert.deepEqual(digest, createHash('sha256').update(key).digest());
    assert.notDeepEqual(digestApiKey(generateApiKey()), digest);
  });

  it('is recognised and masked by the audit log redaction', () => {
    const key = generateApiKey();
    const masked = maskSecrets(`token was ${key} here`);
    assert.equal(masked.includes(key), false);
    assert.match(masked, /\[REDACTED:airlock-key\]/);
  });
});

describe('key names', () => {
  it('accepts 1 to 64 letters, digits, spaces, dots, dashes and underscores', () => {
    for (const name of ['a', 'cursor-laptop', 'VS Code 2', 'claude_code.work', 'x'.repeat(64)])
      assert.equal(validateKeyName(name), name);
  });

  it('refuses anything else with a message that says what is allowed', () => {
    for (const name of ['', 'x'.repeat(65), 'a/b', 'a:b', 'naïve', 'tab\there', 'new\nline']) {
      assert.throws(
        () => validateKeyName(name),
        (error) => isKeysError(error, 'invalid_name') && /1 to 64 letters/.test(error.message),
        JSON.stringify(name),
      );
    }
  });

  it('shows control characters in a refused name instead of printing them', () => {
    assert.throws(
      () => validateKeyName('evil\u001b[2Jname'),
      (error) =>
        isKeysError(error) &&
        error.message.includes('\\u001b') &&
        !error.message.includes('\u001b'),
    );
  });

  it('refuses names that start or end with a space', () => {
    for (const name of [' a', 'a ', ' '])
      assert.throws(
        () => validateKeyName(name),
        (error) => isKeysError(error, 'invalid_name'),
      );
  });

  it('reserves the name of the MCP_API_KEY environment key', () => {
    assert.throws(
      () => validateKeyName(ENV_KEY_NAME),
      (error) => isKeysError(error, 'invalid_name') && /reserved/.test(error.message),
    );
  });

  it('maps names to keychain accounts key:<name> and back, ignoring other accounts', () => {
    assert.equal(keychainAccount('work'), 'key:work');
    assert.equal(keyNameOfAccount('key:work'), 'work');
    assert.equal(keyNameOfAccount('audit-mac-key'), undefined);
  });

  it('gives names that differ only in case, or are dots, distinct plain file names', () => {
    const files = ['Work', 'work', '.', '..'].map(keyFileName);
    assert.equal(new Set(files.map((file) => file.toLowerCase())).size, 4);
    for (const file of files) assert.match(file, /^[0-9a-f]+$/);
  });
});
