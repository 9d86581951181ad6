import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { AuditRecordSchema, GENESIS_HASH } from '../../../main/core/audit/audit-record.ts';
import {
  REDACTED,
  REDACTION_LIMITS,
  TOO_DEEP,
  contentDigest,
  maskSecrets,
  printable,
  redactArguments,
} from '../../../main/core/audit/redact.ts';
import {
  GENERIC_MIN_ENTROPY,
  SECRET_RULES,
  findSecrets,
  isSecretKeyName,
  shannonEntropy,
  type SecretKind,
} from '../../../main/core/audit/secret-patterns.ts';

/*
 * Every secret below is fake and built at run time from a seeded generator, so the file holds
 * no string that a secret scanner would flag, and the table is the same on every run.
 */
let state = 0x5eed1234;
function nextRandom(): number {
  // mulberry32
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const BASE62 = UPPER + LOWER + DIGITS;
const BASE64URL = BASE62 + '-_';
const BASE64 = BASE62 + '+/';
const HEX = '0123456789abcdef';
function fake(length: number, alphabet: string = BASE62): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += alphabet.charAt(Math.floor(nextRandom() * alphabet.length));
  return out;
}
function fakeBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(nextRandom() * 256);
  return bytes;
}

const DASHES = '-'.repeat(5);
function pemBlock(label: string, newline = '\n'): string {
  const body = Array.from({ length: 6 }, () => fake(64, BASE64)).join(newline);
  return `${DASHES}BEGIN ${label}${DASHES}${newline}${body}${newline}${DASHES}END ${label}${DASHES}`;
}
const PRIVATE = 'PRIVATE KEY';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface Positive {
  /** What the row shows, as a specification line. */
  readonly shape: string;
  readonly text: string;
  readonly kind: SecretKind;
  /** The secret part; it must not survive. */
  readonly secret: string;
  /** When given, the exact masked text (so the context around the secret stays visible). */
  readonly expected?: string;
}

function positive(
  shape: string,
  kind: SecretKind,
  secret: string,
  wrap: (secret: string) => string = (s) => s,
  expectedWrap?: (mask: string) => string,
): Positive {
  const text = wrap(secret);
  const mask = `[REDACTED:${kind}]`;
  return expectedWrap
    ? { shape, text, kind, secret, expected: expectedWrap(mask) }
    : { shape, text, kind, secret };
}

const awsSecret = fake(30, BASE64) + '/' + fake(9, BASE64);
const jwt = ['eyJ' + fake(30, BASE64URL), 'eyJ' + fake(80, BASE64URL), fake(43, BASE64URL)].join(
  '.',
);

const POSITIVES: readonly Positive[] = [
  // Private key blocks: the whole block goes, the text around it stays.
  ...['RSA', 'OPENSSH', 'EC', 'DSA', 'ENCRYPTED'].map((type) =>
    positive(
      `a PEM ${type} ${PRIVATE} block`,
      'private-key',
      pemBlock(`${type} ${PRIVATE}`),
      (s) => `before\n${s}\nafter`,
      (m) => `before\n${m}\nafter`,
    ),
  ),
  positive(
    `a PKCS#8 ${PRIVATE} block`,
    'private-key',
    pemBlock(PRIVATE),
    (s) => `key:\n${s}`,
    (m) => `key:\n${m}`,
  ),
  positive('a PGP private key block', 'private-key', pemBlock(`PGP ${PRIVATE} BLOCK`)),
  positive(
    'a private key with JSON-escaped newlines, as in a service-account file',
    'private-key',
    pemBlock(PRIVATE, '\\n'),
    (s) => `{"type": "service_account", "private_key": "${s}\\n"}`,
    (m) => `{"type": "service_account", "private_key": "${m}\\n"}`,
  ),
  positive(
    'a private key block whose END line was cut off (masked to the end)',
    'private-key',
    pemBlock(`RSA ${PRIVATE}`).split(`${DASHES}END`)[0] ?? '',
    (s) => `pasted: ${s}`,
    (m) => `pasted: ${m}`,
  ),
  // AWS
  positive(
    'an AWS access key id (AKIA)',
    'aws-access-key-id',
    'AKIA' + fake(16, UPPER + DIGITS),
    (s) => `id ${s} here`,
    (m) => `id ${m} here`,
  ),
  positive(
    'an AWS temporary access key id (ASIA)',
    'aws-access-key-id',
    'ASIA' + fake(16, UPPER + DIGITS),
  ),
  positive(
    'an AWS secret key in an environment assignment',
    'aws-secret-key',
    awsSecret,
    (s) => `export AWS_SECRET_ACCESS_KEY=${s}`,
    (m) => `export AWS_SECRET_ACCESS_KEY=${m}`,
  ),
  positive(
    'an AWS secret key in JSON',
    'aws-secret-key',
    fake(40, BASE64),
    (s) => `{"aws_secret_access_key": "${s}"}`,
    (m) => `{"aws_secret_access_key": "${m}"}`,
  ),
  positive(
    'an AWS secret key in a credentials file line',
    'aws-secret-key',
    fake(40, BASE64),
    (s) => `aws_secret_access_key = ${s}\nregion = eu-west-1`,
    (m) => `aws_secret_access_key = ${m}\nregion = eu-west-1`,
  ),
  // GitHub
  ...['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'].map((prefix) =>
    positive(
      `a GitHub ${prefix} token`,
      'github-token',
      prefix + fake(36),
      (s) => `git push https://x:${s}@github.com/a/b`,
    ),
  ),
  positive(
    'a GitHub fine-grained token (github_pat_)',
    'github-token',
    'github_pat_' + fake(22) + '_' + fake(59),
    (s) => `GH_TOKEN=${s}`,
    (m) => `GH_TOKEN=${m}`,
  ),
  // Slack
  ...['xoxb-', 'xoxp-', 'xoxa-', 'xoxs-'].map((prefix) =>
    positive(
      `a Slack ${prefix} token`,
      'slack-token',
      `${prefix}${fake(12, DIGITS)}-${fake(12, DIGITS)}-${fake(24)}`,
      (s) => `slack: ${s}`,
      (m) => `slack: ${m}`,
    ),
  ),
  positive(
    'a Slack app token (xapp-)',
    'slack-token',
    `xapp-1-A${fake(10, UPPER + DIGITS)}-${fake(13, DIGITS)}-${fake(64, HEX)}`,
  ),
  positive(
    'a Slack webhook URL (its path)',
    'slack-webhook',
    `T${fake(8, UPPER + DIGITS)}/B${fake(8, UPPER + DIGITS)}/${fake(24)}`,
    (s) => `curl -X POST https://hooks.slack.com/services/${s} -d @msg.json`,
    (m) => `curl -X POST https://hooks.slack.com/services/${m} -d @msg.json`,
  ),
  // AI providers
  positive(
    'an OpenAI-style key (sk-...)',
    'openai-key',
    'sk-' + fake(48),
    (s) => `OPENAI_API_KEY=${s}`,
    (m) => `OPENAI_API_KEY=${m}`,
  ),
  positive(
    'an OpenAI project key (sk-proj-...)',
    'openai-key',
    `sk-proj-${fake(74, BASE64URL)}T3Blbk${fake(74, BASE64URL)}`,
  ),
  positive(
    'an Anthropic key (sk-ant-...)',
    'anthropic-key',
    `sk-ant-api03-${fake(93, BASE64URL)}AA`,
    (s) => `client = Anthropic(api_key="${s}")`,
    (m) => `client = Anthropic(api_key="${m}")`,
  ),
  // Others with a recognizable prefix
  positive('a Stripe live secret key (sk_live_)', 'stripe-key', 'sk_live_' + fake(24)),
  positive('a Stripe live restricted key (rk_live_)', 'stripe-key', 'rk_live_' + fake(24)),
  positive('a Stripe test secret key (sk_test_)', 'stripe-key', 'sk_test_' + fake(24)),
  positive(
    'a Google API key (AIza...)',
    'google-api-key',
    'AIza' + fake(35, BASE64URL),
    (s) => `https://maps.googleapis.com/maps/api/js?key=${s}&callback=init`,
    (m) => `https://maps.googleapis.com/maps/api/js?key=${m}&callback=init`,
  ),
  positive(
    'a JWT',
    'jwt',
    jwt,
    (s) => `token ${s} expired`,
    (m) => `token ${m} expired`,
  ),
  positive(
    'an Airlock API key (alk_ and 43 base64url characters)',
    'airlock-key',
    'alk_' + fake(43, BASE64URL),
    (s) => `airlock connect --key ${s}`,
    (m) => `airlock connect --key ${m}`,
  ),
  positive(
    'an npm token',
    'npm-token',
    'npm_' + fake(36),
    (s) => `//registry.npmjs.org/:_authToken=${s}`,
  ),
  // Authorization headers and URLs
  positive(
    'a bearer token in an Authorization header',
    'authorization',
    fake(40, BASE64URL),
    (s) => `Authorization: Bearer ${s}`,
    (m) => `Authorization: Bearer ${m}`,
  ),
  positive(
    'Basic credentials in a curl Authorization header',
    'authorization',
    Buffer.from(`admin:${fake(12)}`).toString('base64'),
    (s) => `curl -H "Authorization: Basic ${s}" https://example.com`,
    (m) => `curl -H "Authorization: Basic ${m}" https://example.com`,
  ),
  positive(
    'credentials assigned to a headers["Authorization"] item',
    'authorization',
    Buffer.from(`deploy:${fake(12)}`).toString('base64'),
    (s) => `session.headers["Authorization"] = "Basic ${s}"`,
    (m) => `session.headers["Authorization"] = "Basic ${m}"`,
  ),
  positive(
    'a token after a bare "bearer"',
    'authorization',
    `${fake(8, HEX)}-${fake(4, HEX)}-${fake(12, HEX)}`,
    (s) => `send it with bearer ${s} please`,
    (m) => `send it with bearer ${m} please`,
  ),
  positive(
    'a password in a database URL',
    'url-password',
    fake(16),
    (s) => `postgres://app:${s}@db.internal:5432/prod`,
    (m) => `postgres://app:${m}@db.internal:5432/prod`,
  ),
  positive(
    'a URL password that itself contains @',
    'url-password',
    `${fake(6)}@${fake(6)}`,
    (s) => `https://me:${s}@example.com/x`,
    (m) => `https://me:${m}@example.com/x`,
  ),
  positive(
    'a password in a mongodb+srv URL',
    'url-password',
    fake(20),
    (s) => `mongodb+srv://svc:${s}@cluster0.example.net/?retryWrites=true`,
    (m) => `mongodb+srv://svc:${m}@cluster0.example.net/?retryWrites=true`,
  ),
  positive(
    'a password in a URL with an empty user',
    'url-password',
    fake(12),
    (s) => `redis://:${s}@cache:6379`,
    (m) => `redis://:${m}@cache:6379`,
  ),
  // The generic rule: a high-entropy value assigned to a keyword.
  positive(
    'a quoted api_key assignment',
    'generic-secret',
    fake(32),
    (s) => `api_key = "${s}"`,
    (m) => `api_key = "${m}"`,
  ),
  positive(
    'a client_secret in YAML',
    'generic-secret',
    fake(40, BASE64URL),
    (s) => `oauth:\n  client_id: web\n  client_secret: ${s}\n`,
    (m) => `oauth:\n  client_id: web\n  client_secret: ${m}\n`,
  ),
  positive(
    'an ACCESS_TOKEN line in a .env file',
    'generic-secret',
    fake(28),
    (s) => `DEBUG=1\nACCESS_TOKEN=${s}\nPORT=8080`,
    (m) => `DEBUG=1\nACCESS_TOKEN=${m}\nPORT=8080`,
  ),
  positive(
    'a quoted password with symbols in JSON',
    'generic-secret',
    `${fake(6)}!${fake(5)}#${fake(4)}`,
    (s) => `{"user": "ops", "password": "${s}"}`,
    (m) => `{"user": "ops", "password": "${m}"}`,
  ),
  positive(
    'a token in a URL query string',
    'generic-secret',
    fake(30),
    (s) => `https://api.example.com/v1/items?access_token=${s}&page=2`,
    (m) => `https://api.example.com/v1/items?access_token=${m}&page=2`,
  ),
  positive(
    'a base64 secret with + and / and padding',
    'generic-secret',
    fake(42, BASE64) + '==',
    (s) => `secret: ${s}`,
    (m) => `secret: ${m}`,
  ),
  positive(
    'a Go-style auth_token := assignment',
    'generic-secret',
    fake(24),
    (s) => `auth_token := "${s}"`,
    (m) => `auth_token := "${m}"`,
  ),
  positive(
    'a passwd in a shell command',
    'generic-secret',
    fake(18),
    (s) => `mysql --user=root --passwd=${s} db`,
    (m) => `mysql --user=root --passwd=${m} db`,
  ),
];

interface Negative {
  readonly shape: string;
  readonly text: string;
}

const PNG_BASE64 = fakeBytes(3000).toString('base64');
const NEGATIVES: readonly Negative[] = [
  { shape: 'a path through a folder named keys', text: '/Users/me/keys/notes.md' },
  { shape: 'a file named password.txt', text: 'password.txt' },
  {
    shape: 'a Windows path with passwords in it',
    text: 'C:\\Users\\me\\Documents\\passwords\\password.txt',
  },
  { shape: 'a source path about tokens', text: 'src/auth/token-refresh.ts' },
  { shape: 'a git SHA', text: fake(40, HEX) },
  { shape: 'a git SHA after "commit"', text: `commit ${fake(40, HEX)}` },
  { shape: 'a container digest', text: `sha256:${fake(64, HEX)}` },
  { shape: 'a UUID', text: '123e4567-e89b-12d3-a456-426614174000' },
  { shape: 'a request id', text: 'requestId: 123e4567-e89b-12d3-a456-426614174000' },
  { shape: 'base64 image data (no keyword near it)', text: PNG_BASE64 },
  { shape: 'a base64 data URI', text: `data:image/png;base64,${PNG_BASE64}` },
  { shape: 'a sentence about rotating a token', text: 'Rotate the API token every 90 days.' },
  { shape: 'a sentence about passwords', text: 'Please reset your password before Friday.' },
  { shape: 'a token budget', text: 'The token budget: 4096 tokens per call.' },
  { shape: 'a low-entropy value after a keyword', text: 'api_docs: documentation' },
  { shape: 'a short value after a keyword', text: 'key: value' },
  { shape: 'a word that merely contains "key"', text: 'keyboard shortcuts: Cmd+Shift+P' },
  { shape: 'an author line', text: 'author: Jane Doe <jane.doe@example.com>' },
  { shape: 'a placeholder instead of a value', text: 'api_key = "${OPENAI_API_KEY}"' },
  { shape: 'a template placeholder', text: "client_secret: '{{ vault.client_secret }}'" },
  { shape: 'a file name containing sk-', text: 'docs/task-management-system-overview-2024.md' },
  { shape: 'a file name starting with sk-', text: 'sk-learn-preprocessing-notes-and-examples.md' },
  {
    shape: 'an identifier containing alk_',
    text: 'src/walk_tree_results_for_the_current_directory_v2.ts',
  },
  {
    shape: 'an npm environment variable name',
    text: 'npm_package_dependencies_typescript_version',
  },
  { shape: 'a too-short ghp_ string', text: 'ghp_short' },
  {
    shape: 'a public key block',
    text: `${DASHES}BEGIN PUBLIC KEY${DASHES}\n${fake(64, BASE64)}\n${DASHES}END PUBLIC KEY${DASHES}`,
  },
  {
    shape: 'a search for the private key header alone',
    text: `${DASHES}BEGIN RSA ${PRIVATE}${DASHES}`,
  },
  { shape: 'a URL with a port', text: 'http://localhost:8080/api/v1/items?page=2' },
  { shape: 'an scp-style git remote', text: 'git@github.com:acme/repo.git' },
  { shape: 'a URL with a user but no password', text: 'https://user@example.com/path' },
  { shape: 'the word bearer in prose', text: 'the bearer of bad news' },
  {
    shape: 'a sentence about an Authorization header',
    text: 'The Authorization header is missing.',
  },
  { shape: 'a version string', text: 'v1.2.3-beta.4+build.5' },
  { shape: 'a glob', text: '**/node_modules/**' },
  { shape: 'ordinary prose with non-ASCII text', text: 'Grüße aus Köln — 東京 📁 ready.' },
];

describe('maskSecrets: the redaction table', () => {
  it(`has dozens of rows (${POSITIVES.length} secret shapes, ${NEGATIVES.length} look-alikes)`, () => {
    assert.ok(POSITIVES.length >= 40);
    assert.ok(NEGATIVES.length >= 30);
  });

  describe('masks', () => {
    for (const row of POSITIVES) {
      it(`${row.shape} as [REDACTED:${row.kind}]`, () => {
        const masked = maskSecrets(row.text);
        assert.ok(masked.includes(`[REDACTED:${row.kind}]`), masked);
        assert.ok(!masked.includes(row.secret), `the secret survived: ${masked}`);
        if (row.expected !== undefined) assert.equal(masked, row.expected);
      });
    }
  });

  describe('leaves alone', () => {
    for (const row of NEGATIVES) {
      it(row.shape, () => {
        assert.equal(maskSecrets(row.text), row.text);
      });
    }
  });

  it('has a masking row for every rule in the table', () => {
    const covered = new Set(POSITIVES.map((row) => row.kind));
    assert.deepEqual(
      SECRET_RULES.map((rule) => rule.kind).filter((kind) => !covered.has(kind)),
      [],
    );
  });

  it('finds prefixed secrets on their own, with no keyword or context around them', () => {
    const contextFree = new Set<SecretKind>([
      'private-key',
      'aws-access-key-id',
      'github-token',
      'slack-token',
      'anthropic-key',
      'openai-key',
      'stripe-key',
      'google-api-key',
      'jwt',
      'airlock-key',
      'npm-token',
    ]);
    for (const row of POSITIVES.filter((r) => contextFree.has(r.kind))) {
      assert.equal(maskSecrets(row.secret), `[REDACTED:${row.kind}]`, row.shape);
    }
  });

  it('masks every secret in a text holding several', () => {
    const rows = POSITIVES.filter((row) => row.kind !== 'private-key');
    const text = rows.map((row) => row.text).join('\n');
    const masked = maskSecrets(text);
    for (const row of rows) assert.ok(!masked.includes(row.secret), row.shape);
  });

  it('names the kind by the most specific rule when a generic rule finds the same value', () => {
    const token = 'ghp_' + fake(36);
    assert.deepEqual(
      findSecrets(`token=${token}`).map((span) => span.kind),
      ['github-token'],
    );
  });

  it('measures entropy as gitleaks does, with the 3.5 bit threshold', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.equal(GENERIC_MIN_ENTROPY, 3.5);
    assert.equal(maskSecrets('secret: aaaaaaaaaaaaaaaaaaaa'), 'secret: aaaaaaaaaaaaaaaaaaaa');
  });

  it('follows gitleaks: a value of [\\w.=-] longer than 150 characters is not a credential', () => {
    const blob = fake(200, BASE62 + '._-');
    assert.equal(maskSecrets(`key=${blob}`), `key=${blob}`);
  });

  it('still finds a secret whose keyword sits at the end of a long run of identifier characters', () => {
    const secret = fake(32);
    assert.equal(
      maskSecrets(`x_token=${'a'.repeat(3000)}.api_key=${secret} done`),
      `x_token=${'a'.repeat(3000)}.api_key=[REDACTED:generic-secret] done`,
    );
    const long = fake(300);
    assert.equal(
      maskSecrets(`token=${'a'.repeat(3000)}-key=${long}`),
      `token=${'a'.repeat(3000)}-key=[REDACTED:generic-secret]`,
    );
  });

  it('follows gitleaks: a base64 value after a keyword is masked up to 1000 characters', () => {
    const blob = fake(400, BASE64);
    assert.equal(maskSecrets(`key=${blob}`), 'key=[REDACTED:generic-secret]');
  });
});

describe('redactArguments: secret-looking argument names', () => {
  const secretNames = [
    'password',
    'passwd',
    'pwd',
    'passphrase',
    'dbPassword',
    'secret',
    'client_secret',
    'clientSecret',
    'token',
    'accessToken',
    'refresh_token',
    'GITHUB_TOKEN',
    'accesstoken',
    'apiKey',
    'api_key',
    'API_KEY',
    'apikey',
    'APIKey',
    'x-api-key',
    'privateKey',
    'private_key',
    'AWS_SECRET_ACCESS_KEY',
    'auth',
    'oauth',
    'Authorization',
    'proxy-authorization',
    'credential',
    'credentials',
    'awsCredentials',
    'cookie',
    'Set-Cookie',
    'session',
    'sessionId',
  ];
  const ordinaryNames = [
    'path',
    'paths',
    'pattern',
    'includePattern',
    'excludePatterns',
    'source',
    'destination',
    'recursive',
    'dryRun',
    'replaceAll',
    'head',
    'tail',
    'offset',
    'limit',
    'caseSensitive',
    'contextLines',
    'keyboard',
    'keyword',
    'keywords',
    'author',
    'monkey',
    'tokenizer',
    'keyName',
    'passwordFile',
    'tokenCount',
    'sessionName',
  ];

  for (const name of secretNames) {
    it(`masks the value of "${name}"`, () => {
      assert.equal(isSecretKeyName(name), true);
      assert.deepEqual(redactArguments('any_tool', { [name]: 'hunter2' }), { [name]: REDACTED });
    });
  }

  for (const name of ordinaryNames) {
    it(`keeps the value of "${name}"`, () => {
      assert.equal(isSecretKeyName(name), false);
      assert.deepEqual(redactArguments('any_tool', { [name]: 'visible' }), { [name]: 'visible' });
    });
  }

  it('masks by name at any depth, inside objects and arrays', () => {
    const args = {
      path: '/w/a.txt',
      options: {
        headers: { Authorization: 'Bearer abc', Accept: 'text/plain' },
        retries: 3,
      },
      accounts: [
        { user: 'a', password: 'pw1' },
        { user: 'b', credentials: { user: 'b', pin: 1234 } },
      ],
    };
    assert.deepEqual(redactArguments('any_tool', args), {
      path: '/w/a.txt',
      options: { headers: { Authorization: REDACTED, Accept: 'text/plain' }, retries: 3 },
      accounts: [
        { user: 'a', password: REDACTED },
        { user: 'b', credentials: REDACTED },
      ],
    });
  });

  it('masks numbers and objects under a secret name but keeps booleans and null', () => {
    assert.deepEqual(
      redactArguments('any_tool', {
        pin_token: 123456,
        session: { id: 'x' },
        useToken: true,
        password: null,
        apiKey: undefined,
      }),
      { pin_token: REDACTED, session: REDACTED, useToken: true, password: null, apiKey: undefined },
    );
  });

  it('catches a short password by its name even though the text scan cannot', () => {
    assert.equal(maskSecrets('password: hunter2'), 'password: hunter2');
    assert.deepEqual(redactArguments('any_tool', { password: 'hunter2' }), { password: REDACTED });
  });

  it('scans values under ordinary names', () => {
    const token = 'ghp_' + fake(36);
    assert.deepEqual(redactArguments('search_content', { path: '/w', pattern: token }), {
      path: '/w',
      pattern: '[REDACTED:github-token]',
    });
  });

  it('scans property names too', () => {
    const token = 'ghp_' + fake(36);
    assert.deepEqual(redactArguments('any_tool', { [token]: 1 }), { '[REDACTED:github-token]': 1 });
  });

  it('keeps Airlock tool arguments readable', () => {
    const args = {
      path: '/Users/me/project',
      pattern: 'TODO(',
      literal: true,
      caseSensitive: false,
      includePattern: '*.{ts,tsx}',
      excludePatterns: ['node_modules', 'dist'],
      contextLines: 2,
      offset: 0,
      limit: 50,
    };
    assert.deepEqual(redactArguments('search_content', args), args);
  });
});

describe('redactArguments: file content is logged only as size and hash', () => {
  it('replaces write_file content by its UTF-8 byte length and SHA-256', () => {
    const content = 'héllo wörld ✓ 📁\n';
    assert.deepEqual(redactArguments('write_file', { path: '/w/a.txt', content }), {
      path: '/w/a.txt',
      content: { bytes: Buffer.byteLength(content, 'utf8'), sha256: sha256(content) },
    });
  });

  it('counts the bytes write_file writes, even for a lone surrogate', () => {
    const content = 'a\ud800b';
    assert.equal(contentDigest(content).bytes, Buffer.from(content, 'utf8').length);
    assert.equal(contentDigest(content).bytes, 5);
  });

  it('replaces every edit_file oldText and newText and keeps the flags', () => {
    const args = {
      path: '/w/a.ts',
      edits: [
        { oldText: 'const a = 1;', newText: 'const a = 2;' },
        { oldText: 'x', newText: '', replaceAll: true },
      ],
      dryRun: true,
    };
    assert.deepEqual(redactArguments('edit_file', args), {
      path: '/w/a.ts',
      edits: [
        {
          oldText: { bytes: 12, sha256: sha256('const a = 1;') },
          newText: { bytes: 12, sha256: sha256('const a = 2;') },
        },
        {
          oldText: { bytes: 1, sha256: sha256('x') },
          newText: { bytes: 0, sha256: sha256('') },
          replaceAll: true,
        },
      ],
      dryRun: true,
    });
  });

  it('never lets content, or a secret in it, reach the record', () => {
    const token = 'ghp_' + fake(36);
    const content = `line one\nGITHUB_TOKEN=${token}\n`;
    const logged = JSON.stringify(redactArguments('write_file', { path: '/w/.envrc', content }));
    assert.ok(!logged.includes(token));
    assert.ok(!logged.includes('line one'));
  });

  it('hashes content by argument name for any tool, including refused and unknown ones', () => {
    assert.deepEqual(redactArguments('write_fil', { content: 'abc' }), {
      content: { bytes: 3, sha256: sha256('abc') },
    });
  });

  it('masks content that is not a string rather than logging it', () => {
    assert.deepEqual(redactArguments('write_file', { path: '/w/a', content: ['a', 'b'] }), {
      path: '/w/a',
      content: '[REDACTED:content]',
    });
    assert.deepEqual(redactArguments('write_file', { content: { text: 'secret' } }), {
      content: '[REDACTED:content]',
    });
  });

  it('keeps the digest when arguments are redacted a second time, and nothing else of the shape', () => {
    const once = redactArguments('write_file', { path: '/w/a', content: 'milk' });
    assert.deepEqual(redactArguments('write_file', once), once);
    const lookalike = { bytes: 4, sha256: 'not hex', text: 'secret' };
    assert.equal(
      redactArguments('write_file', { content: lookalike }).content,
      '[REDACTED:content]',
    );
    const extra = { bytes: 4, sha256: sha256('milk'), text: 'secret' };
    assert.equal(redactArguments('write_file', { content: extra }).content, '[REDACTED:content]');
  });

  it('hashes 10 MB of content whole, without truncating it first', () => {
    const content = 'x'.repeat(10 * 1024 * 1024);
    const { content: digest } = redactArguments('write_file', { path: '/w/big', content });
    assert.deepEqual(digest, { bytes: content.length, sha256: sha256(content) });
  });
});

describe('redactArguments: control characters cannot forge or split a record', () => {
  const cases: [string, string, string][] = [
    ['a line feed', 'a\nb', 'a\\u000ab'],
    ['a carriage return', 'a\rb', 'a\\u000db'],
    ['a tab', 'a\tb', 'a\\u0009b'],
    ['NUL', 'a\u0000b', 'a\\u0000b'],
    ['an ANSI escape sequence', '\u001b[31mred\u001b[0m', '\\u001b[31mred\\u001b[0m'],
    ['DEL', 'a\u007fb', 'a\\u007fb'],
    ['C1 NEL', 'a\u0085b', 'a\\u0085b'],
    ['C1 CSI', 'a\u009b2Jb', 'a\\u009b2Jb'],
    ['U+2028 line separator', 'a\u2028b', 'a\\u2028b'],
    ['U+2029 paragraph separator', 'a\u2029b', 'a\\u2029b'],
    ['a right-to-left override', 'invoice\u202etxt.exe', 'invoice\\u202etxt.exe'],
    ['a bidi isolate', 'a\u2066b\u2069c', 'a\\u2066b\\u2069c'],
    ['a lone surrogate', 'a\ud800b', 'a\\ud800b'],
  ];
  for (const [what, raw, shown] of cases) {
    it(`shows ${what} as visible \\uXXXX text`, () => {
      assert.deepEqual(redactArguments('any_tool', { path: raw }), { path: shown });
    });
  }

  it('keeps emoji, accents and CJK as they are', () => {
    const text = 'Grüße/東京/📁 notes.md';
    assert.deepEqual(redactArguments('any_tool', { path: text }), { path: text });
  });

  it('escapes control characters in property names too', () => {
    assert.deepEqual(redactArguments('any_tool', { 'a\nb': 1 }), { 'a\\u000ab': 1 });
  });

  it('turns an attempt to inject a second record into one line of one record', () => {
    const forged = `/w/a.txt"}\n{"seq":2,"event":"tool_call","outcome":"ok"}\u2028{"seq":3}`;
    const line = JSON.stringify(redactArguments('read_text_file', { path: forged }));
    assert.ok(!/[\n\r\u2028\u2029]/.test(line));
    const parsed = JSON.parse(line) as { path: string };
    assert.deepEqual(Object.keys(parsed), ['path']);
    assert.ok(!/[\u0000-\u001f\u2028\u2029]/.test(parsed.path));
  });

  it('produces args that fit the audit record schema', () => {
    const args = redactArguments('write_file', {
      path: '/w/a\n.txt',
      content: 'x',
      nested: [{ token: 'y' }],
    });
    const record = AuditRecordSchema.parse({
      seq: 1,
      ts: new Date(0).toISOString(),
      event: 'tool_call',
      tool: 'write_file',
      args,
      outcome: 'ok',
      prev: GENESIS_HASH,
      hash: GENESIS_HASH,
    });
    assert.deepEqual(record.args, args);
  });
});

describe('redactArguments: sizes are bounded', () => {
  const max = REDACTION_LIMITS.maxStringLength;

  it(`keeps a string of exactly ${max} characters whole`, () => {
    const text = 'a'.repeat(max);
    assert.equal(printable(text), text);
  });

  it(`cuts a longer string at ${max} characters and says how much was dropped`, () => {
    assert.equal(printable('a'.repeat(max + 1)), `${'a'.repeat(max)}…[+1 chars]`);
    const { path } = redactArguments('any_tool', { path: 'b'.repeat(5000) });
    assert.equal(path, `${'b'.repeat(max)}…[+3000 chars]`);
  });

  it('never cuts inside an escape', () => {
    const shown = printable(`${'a'.repeat(max - 2)}\nzz`);
    assert.equal(shown, `${'a'.repeat(max - 2)}…[+3 chars]`);
  });

  it('never cuts a surrogate pair in half', () => {
    assert.equal(printable(`${'a'.repeat(max - 1)}📁`), `${'a'.repeat(max - 1)}…[+2 chars]`);
  });

  it('masks a secret before cutting, so one straddling the cut does not leak its start', () => {
    const token = 'ghp_' + fake(36);
    const { pattern } = redactArguments('search_content', {
      pattern: `${'x'.repeat(max - 30)} ${token} ${'y'.repeat(3000)}`,
    });
    assert.equal(typeof pattern, 'string');
    assert.ok(!String(pattern).includes(token.slice(0, 8)));
    assert.ok(String(pattern).includes('[REDACTED:github-token]'));
  });

  it('keeps the first 100 items of a longer array', () => {
    const { paths } = redactArguments('read_multiple_files', {
      paths: Array.from({ length: 150 }, (_, i) => `/w/${i}`),
    });
    assert.ok(Array.isArray(paths));
    assert.equal(paths.length, 101);
    assert.equal(paths[99], '/w/99');
    assert.equal(paths[100], '…[+50 items]');
  });

  it('keeps an array of exactly 100 items whole', () => {
    const paths = Array.from({ length: 100 }, (_, i) => `/w/${i}`);
    assert.deepEqual(redactArguments('read_multiple_files', { paths }), { paths });
  });

  it('keeps the first 100 properties of a larger object', () => {
    const wide = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`k${i}`, i]));
    const { wide: shown } = redactArguments('any_tool', { wide });
    assert.equal(Object.keys(shown as object).length, 101);
    assert.equal((shown as Record<string, unknown>)['…'], '[+30 keys]');
  });

  it('replaces containers nested more than 6 levels deep', () => {
    const deep = { l2: { l3: { l4: { l5: { l6: { l7: { l8: 'x' } }, leaf: 'kept' } } } } };
    assert.deepEqual(redactArguments('any_tool', deep), {
      l2: { l3: { l4: { l5: { l6: { l7: TOO_DEEP }, leaf: 'kept' } } } },
    });
    assert.deepEqual(redactArguments('any_tool', { a: [[[[[['x']]]]]] }), {
      a: [[[[[TOO_DEEP]]]]],
    });
  });

  it('terminates on a circular structure', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const shown = JSON.stringify(redactArguments('any_tool', loop));
    assert.ok(shown.includes(JSON.stringify(TOO_DEEP)));
  });

  it('cuts long property names at 200 characters and keeps them unique', () => {
    const long = 'k'.repeat(300);
    const shown = redactArguments('any_tool', { [`${long}1`]: 1, [`${long}2`]: 2 });
    assert.deepEqual(Object.values(shown), [1, 2]);
    for (const key of Object.keys(shown)) assert.ok(key.length < 230);
    assert.equal(new Set(Object.keys(shown)).size, 2);
  });
});

describe('redactArguments: odd inputs', () => {
  it('returns {} for missing arguments', () => {
    assert.deepEqual(redactArguments('list_allowed_directories', undefined), {});
    assert.deepEqual(redactArguments('list_allowed_directories', null), {});
  });

  it('keeps arguments that are not an object under "value"', () => {
    assert.deepEqual(redactArguments('any_tool', 'a\nb'), { value: 'a\\u000ab' });
    assert.deepEqual(redactArguments('any_tool', [1, 'x']), { value: [1, 'x'] });
    assert.deepEqual(redactArguments('any_tool', 42), { value: 42 });
  });

  it('keeps a __proto__ property as data without changing the prototype', () => {
    const args = JSON.parse('{"__proto__": {"polluted": true}, "path": "/w"}') as unknown;
    const shown = redactArguments('any_tool', args);
    assert.equal(Object.getPrototypeOf(shown), Object.prototype);
    assert.deepEqual(Object.keys(shown), ['__proto__', 'path']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('turns values JSON cannot hold into text', () => {
    assert.deepEqual(redactArguments('any_tool', { big: 10n, fn: () => 1, when: new Date(0) }), {
      big: '10',
      fn: '[function]',
      when: '1970-01-01T00:00:00.000Z',
    });
  });

  it('never throws, even for a getter or proxy that does', () => {
    const getter = Object.defineProperty({}, 'path', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    assert.deepEqual(redactArguments('any_tool', getter), { path: '[unreadable]' });
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    assert.deepEqual(redactArguments('any_tool', proxy), { value: '[unreadable]' });
  });
});

describe('redaction is linear-time on 1 MB inputs', () => {
  const MB = 1024 * 1024;
  const BOUND_MS = 1000;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const inputs: [string, string][] = [
    ['one long run of letters', fill('a')],
    ['random base64', fakeBytes((MB * 3) / 4).toString('base64')],
    ['repeated keyword assignments', fill('key=')],
    ['keywords with padding but no assignment', fill('token               ')],
    ['keyword, colon, short value', fill('token: ')],
    ['keyword and a 140-character low-entropy value', fill(`token=${'a'.repeat(140)} `)],
    ['keyword and unterminated quotes', fill('password: "')],
    ['keyword and base64 broken by slashes', fill('key=a/')],
    ['runs of keyword assignments just over the value bound', fill(`${'key='.repeat(300)} `)],
    ['aws keyword assignments', fill('aws=')],
    ['PEM headers without an END', fill(`${DASHES}BEGIN RSA ${PRIVATE}${DASHES}`)],
    [
      'PEM headers before one END at the end',
      `${fill(`${DASHES}BEGIN ${PRIVATE}${DASHES}\n`)}${DASHES}END ${PRIVATE}${DASHES}`,
    ],
    ['JWT-like headers', fill('eyJ')],
    ['JWT-like parts', fill('eyJaaaaa.')],
    ['URL schemes and colons', fill('x://a:')],
    ['URL user and password without a host', fill('ab://user:pass')],
    ['repeated Bearer', fill('Bearer ')],
    ['repeated Authorization headers', fill('Authorization: ')],
    ['token prefixes', fill('ghp_')],
    ['sk- prefixes', fill('sk-')],
    ['alk_ prefixes', fill('alk_')],
    ['control characters', fill('\n\u2028\u0000')],
    ['many real-looking tokens', fill(`ghp_${fake(36)} AKIA${fake(16, UPPER + DIGITS)} `)],
  ];

  for (const [shape, text] of inputs) {
    it(`finishes ${shape} in under ${BOUND_MS} ms`, () => {
      const started = performance.now();
      const shown = redactArguments('search_content', { pattern: text });
      const elapsed = performance.now() - started;
      assert.ok(elapsed < BOUND_MS, `${elapsed.toFixed(0)} ms`);
      assert.ok(String(shown.pattern).length <= REDACTION_LIMITS.maxStringLength + 20);
    });
  }

  it('finds every token in a 1 MB text full of them', () => {
    const token = 'ghp_' + fake(36);
    const text = fill(`${token} `);
    const spans = findSecrets(text);
    assert.equal(spans.length, Math.floor(MB / (token.length + 1)));
    assert.ok(!maskSecrets(text).includes(token));
  });
});
