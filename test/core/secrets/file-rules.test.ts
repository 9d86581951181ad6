import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretKind } from '../../../main/core/audit/secret-patterns.ts';
import { findFileSecrets } from '../../../main/core/secrets/find-file-secrets.ts';
import { HIDDEN_KIND_LABELS } from '../../../main/core/secrets/hidden-kinds.ts';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import {
  BASE64,
  BASE64URL,
  CONFIG,
  DIGITS,
  fake,
  OPTIONS,
  UPPER,
  WITH_ENTROPY,
} from './secret-fixtures.ts';

function kindsIn(text: string, entropy = false): SecretKind[] {
  return findFileSecrets(text, { entropy }).map(({ kind }) => kind);
}

describe('file rules: code and templates that name secrets are not secrets', () => {
  const visible: readonly [string, string][] = [
    ['an Authorization header read in code', 'auth = request.headers.get("Authorization")'],
    [
      'an authorization variable assigned from a member',
      'authorization = self.session.authorization',
    ],
    ['a letters-only word after Authorization:', 'Authorization: Bearer placeholder'],
    ['a header built from a variable', 'headers["Authorization"] = f"Bearer {token}"'],
    ['a URL whose password is a ${} template', 'url: postgres://app:${DB_PASSWORD}@db:5432/app'],
    [
      'a URL whose password is a $VARIABLE',
      'DATABASE_URL=mysql://root:$MYSQL_ROOT_PASSWORD@db/app',
    ],
    ['a URL whose password is a {{ }} template', 'dsn: "redis://:{{ redis_password }}@cache:6379"'],
    ['a URL whose password is a <placeholder>', 'Connect with amqp://user:<password>@broker/'],
    [
      'an AWS key name with no value',
      'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]',
    ],
    ['words that start like a key', 'task-management and desk-booking and sk-learn'],
    ['a JWT library import', "import { decode } from 'jwt-decode'; // eyJ is the start of {\""],
  ];
  for (const [shape, text] of visible) {
    it(`leaves ${shape} visible`, () => assert.deepEqual(kindsIn(text), []));
  }

  it('still hides a URL password that merely contains a $', () => {
    assert.deepEqual(kindsIn('postgres://app:pa$$w0rd-9x@db/app'), ['url-password']);
  });
});

describe('placeholders are never secrets themselves', () => {
  const kinds = Object.keys(HIDDEN_KIND_LABELS) as SecretKind[];
  const contexts: readonly ((placeholder: string) => string)[] = [
    (p) => p,
    (p) => `aws_secret_access_key = ${p}`,
    (p) => `AWS_SECRET_ACCESS_KEY="${p}"`,
    (p) => `Authorization: Bearer ${p}`,
    (p) => `"Authorization": "Basic ${p}"`,
    (p) => `postgres://app:${p}@db/app`,
    (p) => `https://hooks.slack.com/services/${p}`,
    (p) => `"password": "${p}"`,
    (p) => `SECRET_KEY=${p}`,
    (p) => `api_token: ${p}`,
    (p) => `{"private_key": "${p}\\n"}`,
    (p) => `${p}${p}`,
  ];
  for (const kind of kinds) {
    it(`finds nothing in a ${HIDDEN_KIND_LABELS[kind]} placeholder, wherever it stands`, () => {
      const placeholder = `[secret hidden by Airlock: ${HIDDEN_KIND_LABELS[kind]} #12 ~abc234]`;
      for (const context of contexts) {
        const text = context(placeholder);
        assert.deepEqual(kindsIn(text, true), [], text);
      }
    });
  }
});

describe('ordinals: each kind is numbered by position in the file', () => {
  const ids = Array.from({ length: 3 }, () => 'AKIA' + fake(16, UPPER + DIGITS));
  const secrets = Array.from({ length: 2 }, () => fake(40, BASE64));
  const text = [
    `first_id: ${ids[0]}`,
    `aws_secret_access_key: ${secrets[0]}`,
    `second_id: ${ids[1]}`,
    `aws_secret_access_key_2: ${secrets[1]}`,
    `third_id: ${ids[2]}`,
  ].join('\n');

  it('counts each kind from 1, in order of position', () => {
    const view = maskFileText(text, CONFIG, OPTIONS);
    assert.deepEqual(
      view.hidden.map(({ label, ordinal }) => `${label} #${ordinal}`),
      [
        'AWS access key ID #1',
        'AWS secret key #1',
        'AWS access key ID #2',
        'AWS secret key #2',
        'AWS access key ID #3',
      ],
    );
  });

  it('gives the same placeholders every time the same file is masked', () => {
    assert.deepEqual(maskFileText(text, CONFIG, OPTIONS), maskFileText(text, CONFIG, OPTIONS));
  });

  it('keeps the earlier placeholders when a secret is added below them', () => {
    const before = maskFileText(text, CONFIG, OPTIONS).hidden.map((h) => h.placeholder);
    const added = `${text}\nfourth_id: AKIA${fake(16, UPPER + DIGITS)}`;
    const after = maskFileText(added, CONFIG, OPTIONS).hidden.map((h) => h.placeholder);
    assert.deepEqual(after.slice(0, before.length), before);
  });

  it('ties a placeholder to the file, the number and the value, and to the key', () => {
    const one = `id: ${ids[0]}\n`;
    const placeholder = (text: string, file = CONFIG, options = OPTIONS) =>
      maskFileText(text, file, options).hidden[0]?.placeholder;
    const base = placeholder(one);
    assert.notEqual(placeholder(one, { realPath: '/home/ada/project/config.yml' }), base);
    assert.notEqual(placeholder(`id: ${ids[1]}\n`), base);
    assert.notEqual(placeholder(one, CONFIG, { key: new Uint8Array(32).fill(7) }), base);
    assert.equal(placeholder(one, CONFIG, WITH_ENTROPY), base);
  });

  it('refuses a key shorter than 16 bytes', () => {
    assert.throws(
      () => maskFileText(`id: ${ids[0]}`, CONFIG, { key: new Uint8Array(15) }),
      TypeError,
    );
  });
});

describe('secrets at the edges of the text', () => {
  const token = 'ghp_' + fake(36);
  const jwt = ['eyJ' + fake(20, BASE64URL), 'eyJ' + fake(40, BASE64URL), fake(43, BASE64URL)].join(
    '.',
  );

  it('hides a secret that is the whole text', () => {
    assert.equal(maskFileText(token, CONFIG, OPTIONS).text.startsWith('[secret hidden'), true);
  });

  it('hides secrets at the very start and the very end, without a final newline', () => {
    const view = maskFileText(`${token}\nmiddle\n${jwt}`, CONFIG, OPTIONS);
    assert.deepEqual(
      view.hidden.map(({ kind }) => kind),
      ['github-token', 'jwt'],
    );
    assert.ok(view.text.endsWith(']'));
  });

  it('hides two keys written back to back, and masking the result again finds nothing', () => {
    // The second key's start is no boundary after the first's last letter, so it shows only
    // once the first is a placeholder; masking hides it in the same pass.
    const first = 'AKIA' + fake(16, UPPER + DIGITS).slice(0, 15) + 'Q';
    const second = 'AKIA' + fake(16, UPPER + DIGITS);
    const view = maskFileText(`ids=${first}${second}\n`, CONFIG, OPTIONS);
    assert.equal(view.hidden.length, 2);
    assert.equal(maskFileText(view.text, CONFIG, OPTIONS).hidden.length, 0);
  });
});
