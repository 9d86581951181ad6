import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  mergeSecretRanges,
  PEM_BEGIN,
  type RankedSecretRange,
  type SecretKind,
} from '../../../main/core/audit/secret-patterns.ts';
import {
  findFileSecrets,
  HIGH_CONFIDENCE_KINDS,
} from '../../../main/core/secrets/find-file-secrets.ts';
import { lineRuleFor, rankOf } from '../../../main/core/secrets/line-rules.ts';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { privateKeyBlockAt } from '../../../main/core/secrets/private-key-blocks.ts';
import { unmaskForWrite } from '../../../main/core/secrets/unmask-for-write.ts';
import {
  BASE62,
  CONFIG,
  FORMATS,
  hiddenIn,
  OPTIONS,
  secretFamilies,
  seeded,
  WITH_ENTROPY,
} from './secret-fixtures.ts';

/** Ordinary text: words, numbers, punctuation that rules look at, spaces and line ends. */
const filler = fc.string({
  unit: fc.constantFrom(
    ...'abcXYZ019 \t\n\n.,:;=-_/+@#"\'`()[]{}$'.split(''),
    '\r\n',
    'key',
    'token',
    'https://',
    'é',
    '😀',
  ),
  maxLength: 60,
});

/** A text holding some of the families' secrets, in their files, between ordinary text. */
const textWithSecrets = fc
  .tuple(
    fc.array(fc.tuple(filler, fc.nat(10_000)), { minLength: 1, maxLength: 6 }),
    filler,
    fc.integer(),
  )
  .map(([pieces, tail, seed]) => {
    // Fresh values for each case, from the case's own seed, so a failure replays exactly.
    const next = seeded(seed);
    const families = secretFamilies();
    const parts: string[] = [];
    const hidden: string[] = [];
    for (const [text, pick] of pieces) {
      const family = families[pick % families.length] ?? assert.fail();
      const format = FORMATS[Math.floor(next() * FORMATS.length)] ?? 'yaml';
      parts.push(text, '\n', family.files[format]);
      hidden.push(hiddenIn(family, format));
    }
    parts.push(tail);
    return { text: parts.join(''), hidden };
  });

describe('masking, for any text with secrets in it', () => {
  it('hides every secret, and writes the masked view back as the original byte for byte', () => {
    fc.assert(
      fc.property(textWithSecrets, ({ text, hidden }) => {
        const view = maskFileText(text, CONFIG, OPTIONS);
        for (const value of hidden) assert.ok(!view.text.includes(value), value);
        const written = unmaskForWrite(view.text, text, CONFIG, OPTIONS);
        assert.equal(written.text, text);
        assert.equal(written.restored, view.hidden.length);
      }),
      { numRuns: 200 },
    );
  });

  it('is idempotent: masking the masked view again changes nothing', () => {
    fc.assert(
      fc.property(textWithSecrets, fc.boolean(), ({ text }, entropy) => {
        const options = entropy ? WITH_ENTROPY : OPTIONS;
        const view = maskFileText(text, CONFIG, options);
        assert.deepEqual(maskFileText(view.text, CONFIG, options), { text: view.text, hidden: [] });
      }),
      { numRuns: 200 },
    );
  });

  it('numbers each kind 1, 2, 3... in order of position', () => {
    fc.assert(
      fc.property(textWithSecrets, ({ text }) => {
        const seen = new Map<SecretKind, number>();
        for (const { kind, ordinal } of maskFileText(text, CONFIG, OPTIONS).hidden) {
          assert.equal(ordinal, (seen.get(kind) ?? 0) + 1);
          seen.set(kind, ordinal);
        }
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * The reference the trigger scan must agree with: every one-line rule on every line, and a
 * key block tried at every header.
 */
function scanEverything(text: string): ReturnType<typeof findFileSecrets> {
  const found: RankedSecretRange[] = [];
  const kinds = HIGH_CONFIDENCE_KINDS.filter((kind) => kind !== 'private-key');
  let lineStart = 0;
  for (const line of text.split('\n')) {
    for (const { rule, accept } of kinds.map(lineRuleFor)) {
      for (const [start, end] of rule.find(line)) {
        if (end > start && accept(line.slice(start, end))) {
          found.push({
            start: lineStart + start,
            end: lineStart + end,
            kind: rule.kind,
            rank: rankOf(rule.kind),
          });
        }
      }
    }
    lineStart += line.length + 1;
  }
  let blockEnd = 0;
  for (const header of text.matchAll(new RegExp(PEM_BEGIN.source, 'g'))) {
    if (header.index < blockEnd) continue;
    const block = privateKeyBlockAt(text, header.index);
    if (block) {
      found.push({ ...block, kind: 'private-key', rank: rankOf('private-key') });
      blockEnd = block.end;
    }
  }
  return mergeSecretRanges(found);
}

const base62 = fc.constantFrom(...BASE62.split(''));
// Rules want long runs (a key's 16 to 40 characters after its prefix); fast-check keeps
// strings short unless told otherwise.
const token = fc.oneof(
  fc.string({ unit: base62, maxLength: 12 }),
  fc.string({ unit: base62, minLength: 16, maxLength: 60, size: 'max' }),
);
const fragment = fc.oneof(
  token,
  fc.constantFrom(
    'AKIA',
    'ASIA',
    'ACCA',
    'AIza',
    'eyJ',
    '.eyJ',
    'aws',
    'AwS_secret=',
    'ghp_',
    'github_pat_',
    'alk_',
    'npm_',
    'sk_live_',
    'rk_test_',
    'sk-',
    'sk-ant-',
    'xoxb-',
    'xapp-',
    '://',
    'https://hooks.slack.com/services/',
    'Authorization: ',
    'AUTHORIZATION=',
    '["Authorization"] = "',
    'Bearer ',
    'bEaReR ',
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----END RSA PRIVATE KEY-----',
    '-----',
    '@',
    ':',
    '=',
    ' ',
    '\n',
    '\r\n',
    '\\n',
    '"',
    "'",
    '/',
    '+',
    '.',
    '_',
    '-',
    '$',
  ),
);

describe('the trigger scan', () => {
  it('finds exactly what every rule on every line finds', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (fragments) => {
        const text = fragments.join('');
        assert.deepEqual(findFileSecrets(text, { entropy: false }), scanEverything(text));
      }),
      { numRuns: 3000 },
    );
  });
});
