import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { findFileSecrets } from '../../../main/core/secrets/find-file-secrets.ts';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { looksRandom } from '../../../main/core/secrets/random-assignments.ts';
import { unmaskForWrite } from '../../../main/core/secrets/unmask-for-write.ts';
import {
  BASE62,
  BASE64,
  CONFIG,
  DIGITS,
  fake,
  LOWER,
  OPTIONS,
  WITH_ENTROPY,
} from './secret-fixtures.ts';

function hidden(text: string): string[] {
  return findFileSecrets(text, { entropy: true }).map(({ start, end }) => text.slice(start, end));
}

const hex = (bytes: number) =>
  createHash('sha512')
    .update(fake(8))
    .digest('hex')
    .slice(0, bytes * 2);

describe('the entropy rule (opt-in): random values assigned to secret names', () => {
  const secret = fake(32);
  const hexKey = 'f' + hex(32).slice(1);
  const positives: readonly [string, string, string][] = [
    ['a .env line', `SECRET_KEY=${secret}`, secret],
    ['a quoted shell export', `export DB_PASSWORD='${secret}'`, secret],
    ['a JSON property', `{"client_secret": "${secret}"}`, secret],
    ['a YAML mapping', `smtp:\n  password: ${secret}\n`, secret],
    ['a Python constant', `API_TOKEN = "${secret}"`, secret],
    ['a TOML key', `auth_token = "${secret}"  # rotate yearly`, secret],
    ['a Ruby hash', `{ :session_secret => '${secret}' }`, secret],
    ['a Go assignment', `signingKey := "${secret}"`, secret],
    ['a 64-character hex key', `SESSION_SECRET=${hexKey}`, hexKey],
    ['lower case and digits only', `api_key: ${fake(24, LOWER + DIGITS)}`, ''],
  ];
  for (const [shape, text, value] of positives) {
    it(`hides ${shape}`, () => {
      const found = hidden(text);
      assert.equal(found.length, 1, text);
      if (value) assert.deepEqual(found, [value]);
      assert.deepEqual(findFileSecrets(text, { entropy: false }), [], 'off by default');
    });
  }

  it('round-trips a file with the rule on', () => {
    const text = `SECRET_KEY=${secret}\nDEBUG=false\n`;
    const view = maskFileText(text, CONFIG, WITH_ENTROPY);
    assert.equal(view.hidden[0]?.label, 'random-looking secret value');
    assert.equal(unmaskForWrite(view.text, text, CONFIG, WITH_ENTROPY).text, text);
    assert.equal(maskFileText(text, CONFIG, OPTIONS).hidden.length, 0);
  });

  const image = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919) & 255)).toString(
    'base64',
  );
  const negatives: readonly [string, string][] = [
    ['a package-lock integrity hash', `"integrity": "sha512-${fake(86, BASE64)}=="`],
    ['a yarn.lock checksum', `  integrity sha512-${fake(86, BASE64)}==`],
    ['a Cargo.lock checksum', `checksum = "${hex(32)}"`],
    ['a poetry.lock hash', `{file = "pkg-1.0.tar.gz", hash = "sha256:${hex(32)}"}`],
    ['a go.sum line', `example.com/mod v1.2.3 h1:${fake(43, BASE64)}=`],
    ['a git commit under a plain name', `rev: ${hex(20)}`],
    ['a UUID under an id', `"requestId": "${randomUUID()}"`],
    ['a UUID even under a key name', `idempotency_key: ${randomUUID()}`],
    ['a base64 image in a data URI', `"icon": "data:image/png;base64,${image}"`],
    ['a base64 image under a key name', `thumbnail_key: ${image}`],
    ['an environment reference', 'apiKey: process.env.OPENAI_API_KEY,'],
    ['a call', `token = generate_token(${fake(16)})`],
    ['a path', 'key_file: /etc/ssl/private/server-2024.key'],
    ['a placeholder', 'API_KEY=your-api-key-here-1234567890'],
    ['a placeholder of x', 'password: xxxxxxxxxxxxxxxxxxxx1'],
    ['words and numbers joined', 'secret_name: prod-db-password-2024-eu-west'],
    ['a camelCase identifier', 'tokenizer_key = thisIsAVeryLongIdentifierName1'],
    ['a short value', `password: ${fake(12)}`],
    ['a name that is not secret', `build_hash: ${fake(32)}`],
    ['a name about a secret', `secret_key_length: ${fake(32)}`],
    ['an unquoted value that goes on as code', `password = ${fake(20)}.strip()`],
  ];
  for (const [shape, text] of negatives) {
    it(`leaves ${shape} visible`, () => assert.deepEqual(hidden(text), []));
  }

  it('judges random values as random most of the time, and words never', () => {
    let random = 0;
    for (let i = 0; i < 200; i++) if (looksRandom(fake(24, BASE62))) random++;
    assert.ok(random >= 180, `${random} of 200 random values`);
    for (const word of [
      'Configuration2024Settings',
      'feature_flag_enabled_v2',
      'abcdefgh12345678',
    ]) {
      assert.equal(looksRandom(word), false, word);
    }
  });
});
