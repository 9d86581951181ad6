import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HIGH_CONFIDENCE_KINDS } from '../../../main/core/secrets/find-file-secrets.ts';
import { HIDDEN_KIND_LABELS } from '../../../main/core/secrets/hidden-kinds.ts';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { unmaskForWrite } from '../../../main/core/secrets/unmask-for-write.ts';
import {
  CONFIG,
  FORMATS,
  hiddenIn,
  OPTIONS,
  rangeOf,
  secretFamilies,
  type SecretFamily,
} from './secret-fixtures.ts';

const families = secretFamilies();

describe('maskFileText: each family of secret in each kind of file', () => {
  for (const family of families) {
    for (const format of FORMATS) {
      const text = family.files[format];
      const label = HIDDEN_KIND_LABELS[family.kind];

      describe(`${family.kind} in a .${format} file`, () => {
        const view = maskFileText(text, CONFIG, OPTIONS);

        it(`hides exactly the secret, as "${label} #1"`, () => {
          assert.equal(view.hidden.length, 1, view.text);
          const [secret] = view.hidden;
          assert.equal(secret?.kind, family.kind);
          assert.equal(secret?.ordinal, 1);
          assert.deepEqual(secret?.original, rangeOf(text, hiddenIn(family, format)));
          assert.match(view.text, placeholderPattern(label, 1));
          assert.ok(!view.text.includes(hiddenIn(family, format)));
        });

        it('keeps every other character of the file', () => {
          const { original } = view.hidden[0] ?? assert.fail();
          const { masked } = view.hidden[0] ?? assert.fail();
          assert.equal(view.text.slice(0, masked.start), text.slice(0, original.start));
          assert.equal(view.text.slice(masked.end), text.slice(original.end));
        });

        it('writes the masked view back as the original, byte for byte', () => {
          const written = unmaskForWrite(view.text, text, CONFIG, OPTIONS);
          assert.equal(written.text, text);
          assert.equal(written.restored, 1);
        });

        it('finds nothing more when the masked view is masked again', () => {
          assert.deepEqual(maskFileText(view.text, CONFIG, OPTIONS), {
            text: view.text,
            hidden: [],
          });
        });
      });
    }
  }

  it('covers every high-confidence kind', () => {
    const covered = new Set(families.map((family: SecretFamily) => family.kind));
    assert.deepEqual(
      HIGH_CONFIDENCE_KINDS.filter((kind) => !covered.has(kind)),
      [],
    );
  });
});

function placeholderPattern(label: string, ordinal: number): RegExp {
  return new RegExp(`\\[secret hidden by Airlock: ${label} #${ordinal} ~[a-z2-7]{6}\\]`);
}
