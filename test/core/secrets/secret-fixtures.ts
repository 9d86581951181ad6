// Fake secrets for the masking tests, made at run time from a seeded generator: the files
// hold no string that a secret scanner would flag, and every run sees the same values.
import type { SecretKind } from '../../../main/core/audit/secret-patterns.ts';
import type { MaskOptions, SecretScope } from '../../../main/core/secrets/mask-options.ts';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const BASE62 = UPPER + LOWER + DIGITS;
export const BASE64 = BASE62 + '+/';
export const BASE64URL = BASE62 + '-_';

/** mulberry32: a small seeded generator, so a failing case can be run again as it was. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(0x5ec2e75);

/**
 * `length` characters of `alphabet`, holding each of its classes (digit, upper and lower
 * case letter) at least once, as random keys of a dozen characters or more do.
 */
export function fake(length: number, alphabet: string = BASE62, next = random): string {
  const classes = [/\d/, /[A-Z]/, /[a-z]/].filter((pattern) => pattern.test(alphabet));
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(next() * alphabet.length));
    if (classes.every((pattern) => pattern.test(out))) return out;
  }
}

export const DASHES = '-'.repeat(5);
export const PRIVATE = 'PRIVATE KEY';

/** The lines of a PEM private key block (header, six lines of material, footer). */
export function pemLines(label = `RSA ${PRIVATE}`, next = random): string[] {
  const body = Array.from({ length: 6 }, () => fake(64, BASE64, next));
  return [`${DASHES}BEGIN ${label}${DASHES}`, ...body, `${DASHES}END ${label}${DASHES}`];
}

/** The key every test masks with; the scope of the file most tests mask. */
export const KEY = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 255);
export const OPTIONS: MaskOptions = { key: KEY };
export const WITH_ENTROPY: MaskOptions = { key: KEY, entropy: true };
export const CONFIG: SecretScope = { realPath: '/home/ada/project/config.yaml' };
export const OTHER_FILE: SecretScope = { realPath: '/home/ada/project/other.yaml' };

/** The four kinds of file each family is tested in. */
export type FileFormat = 'yaml' | 'py' | 'json' | 'sh';
export const FORMATS: readonly FileFormat[] = ['yaml', 'py', 'json', 'sh'];

/**
 * One kind of secret: a value, and the same value as each kind of file holds it. `hidden` is
 * the exact text that must be hidden (a header's credential, a URL's password: the part that
 * is secret, not the words around it), the same in every file unless given by format.
 */
export interface SecretFamily {
  readonly kind: SecretKind;
  readonly hidden: string | Readonly<Record<FileFormat, string>>;
  readonly files: Readonly<Record<FileFormat, string>>;
}

/** What must be hidden of `family` in a file of `format`. */
export function hiddenIn(family: SecretFamily, format: FileFormat): string {
  return typeof family.hidden === 'string' ? family.hidden : family.hidden[format];
}

/** A value assigned to a name, as each kind of file writes it. */
function assigned(name: string, value: string): Record<FileFormat, string> {
  return {
    yaml: `service:\n  region: eu-west-1\n  ${name.toLowerCase()}: ${value}\n  retries: 3\n`,
    py: `import os\n\n${name.toUpperCase()} = "${value}"\nTIMEOUT = 30\n`,
    json: `{\n  "region": "eu-west-1",\n  "${name.toLowerCase()}": "${value}",\n  "retries": 3\n}\n`,
    sh: `#!/bin/sh\nset -eu\nexport ${name.toUpperCase()}=${value}\nexec ./serve\n`,
  };
}

/** A token that needs no name around it. */
function token(kind: SecretKind, value: string): SecretFamily {
  return { kind, hidden: value, files: assigned('api_credential', value) };
}

function privateKeyFamily(): SecretFamily {
  const lines = pemLines();
  const block = lines.join('\n');
  const indented = lines.join('\n    ');
  const escaped = lines.join('\\n');
  return {
    kind: 'private-key',
    hidden: { yaml: indented, py: block, json: escaped, sh: block },
    files: {
      yaml: `tls:\n  key: |\n    ${indented}\n  port: 443\n`,
      py: `SIGNING_KEY = """${block}\n"""\n`,
      json: `{\n  "type": "service_account",\n  "private_key": "${escaped}\\n",\n  "client_email": "bot@example.iam"\n}\n`,
      sh: `#!/bin/sh\ncat > key.pem <<'PEM'\n${block}\nPEM\nchmod 600 key.pem\n`,
    },
  };
}

function jwt(): string {
  return ['eyJ' + fake(30, BASE64URL), 'eyJ' + fake(80, BASE64URL), fake(43, BASE64URL)].join('.');
}

/** Every high-confidence family, each with a fresh value. */
export function secretFamilies(): SecretFamily[] {
  const awsSecret = fake(30, BASE64) + '/' + fake(9, BASE64);
  const bearer = fake(48, BASE64URL);
  const basic = Buffer.from(`deploy:${fake(20)}`).toString('base64');
  const password = `${fake(12)}!x`;
  const webhook = `T${fake(8, UPPER + DIGITS)}/B${fake(8, UPPER + DIGITS)}/${fake(24)}`;
  return [
    privateKeyFamily(),
    token('aws-access-key-id', 'AKIA' + fake(16, UPPER + DIGITS)),
    {
      kind: 'aws-secret-key',
      hidden: awsSecret,
      files: assigned('aws_secret_access_key', awsSecret),
    },
    token('github-token', 'ghp_' + fake(36)),
    token('slack-token', `xoxb-${fake(12, DIGITS)}-${fake(12, DIGITS)}-${fake(24)}`),
    {
      kind: 'slack-webhook',
      hidden: webhook,
      files: assigned('alerts_url', `https://hooks.slack.com/services/${webhook}`),
    },
    token('anthropic-key', 'sk-ant-api03-' + fake(80, BASE64URL)),
    token('openai-key', 'sk-proj-' + fake(48, BASE64URL)),
    token('stripe-key', 'sk_live_' + fake(24)),
    token('google-api-key', 'AIza' + fake(35, BASE64URL)),
    token('jwt', jwt()),
    token('airlock-key', 'alk_' + fake(43, BASE64URL)),
    token('npm-token', 'npm_' + fake(36)),
    {
      kind: 'authorization',
      hidden: bearer,
      files: {
        yaml: `http:\n  headers:\n    Authorization: Bearer ${bearer}\n  timeout: 5\n`,
        py: `HEADERS = {"Authorization": "Bearer ${bearer}", "Accept": "application/json"}\n`,
        json: `{\n  "headers": {\n    "Authorization": "Bearer ${bearer}"\n  }\n}\n`,
        sh: `#!/bin/sh\ncurl -sf -H "Authorization: Bearer ${bearer}" https://api.example.com/v1/me\n`,
      },
    },
    {
      kind: 'authorization',
      hidden: basic,
      files: {
        yaml: `proxy:\n  authorization: Basic ${basic}\n`,
        py: `session.headers["Authorization"] = "Basic ${basic}"\n`,
        json: `{ "Authorization": "Basic ${basic}" }\n`,
        sh: `curl -H 'Authorization: Basic ${basic}' https://registry.example.com/\n`,
      },
    },
    {
      kind: 'url-password',
      hidden: password,
      files: assigned('database_url', `postgres://app:${password}@db.internal:5432/app`),
    },
  ];
}

/** The one place `value` occurs in `text`, as a range. */
export function rangeOf(text: string, value: string): { start: number; end: number } {
  const start = text.indexOf(value);
  if (start === -1 || text.indexOf(value, start + 1) !== -1) {
    throw new Error(`The fixture should hold its value exactly once: ${value}`);
  }
  return { start, end: start + value.length };
}
