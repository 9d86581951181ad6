import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyError } from '../../../main/core/policy/policy-error.ts';
import { editThroughMask } from '../../../main/core/secrets/edit-through-mask.ts';
import { SecretPlaceholderError } from '../../../main/core/secrets/secret-placeholder-error.ts';
import { applyEdits, type TextEdit } from '../../../main/core/tools/apply-edits.ts';
import { unifiedDiff } from '../../../main/core/tools/unified-diff.ts';
import { BASE64, CONFIG, fake, OPTIONS } from './secret-fixtures.ts';

const secretKey = fake(40, BASE64);
const FILE = `region: eu-west-1\naws_secret_access_key: ${secretKey}\nretries: 3\n`;

function edit(edits: readonly TextEdit[], current = FILE) {
  return editThroughMask(current, CONFIG, OPTIONS, (masked) => applyEdits(masked, edits));
}

describe('editThroughMask: edit_file works on the masked view the agent saw', () => {
  const placeholder = edit([{ oldText: 'retries', newText: 'retries' }]).before.hidden[0]
    ?.placeholder;

  it('edits the lines around a secret and keeps it', () => {
    const result = edit([{ oldText: 'retries: 3', newText: 'retries: 5' }]);
    assert.equal(result.text, FILE.replace('retries: 3', 'retries: 5'));
    assert.equal(result.restored, 1);
  });

  it("matches an oldText that holds the secret's placeholder, on the secret's own line", () => {
    const result = edit([
      {
        oldText: `aws_secret_access_key: ${placeholder}`,
        newText: `aws_secret_access_key: ${placeholder} # prod`,
      },
    ]);
    assert.equal(result.text, FILE.replace(secretKey, `${secretKey} # prod`));
  });

  it('matches nothing with the value itself, so an edit cannot confirm a guess', () => {
    assert.throws(
      () => edit([{ oldText: secretKey, newText: 'x' }]),
      (error: unknown) => error instanceof PolicyError && error.code === 'no_match',
    );
  });

  it('gives a diff of the masked views, which never holds the value', () => {
    const result = edit([{ oldText: 'region: eu-west-1', newText: 'region: eu-north-1' }]);
    const diff = unifiedDiff(CONFIG.realPath, result.before.text, result.after);
    assert.match(diff, /\+region: eu-north-1/);
    assert.ok(!diff.includes(secretKey));
    assert.ok(!result.after.includes(secretKey));
  });

  it('refuses, in a dry run as in the edit, a placeholder the file no longer holds', () => {
    const changedSince = FILE.replace(secretKey, fake(40, BASE64));
    const stale = `aws_secret_access_key: ${placeholder}`;
    assert.throws(
      () => editThroughMask(changedSince, CONFIG, OPTIONS, () => `${stale}\nretries: 4\n`),
      SecretPlaceholderError,
    );
  });

  it('keeps the line ends of a CRLF file when the edit is written with LF', () => {
    const crlf = FILE.replace(/\n/g, '\r\n');
    const result = edit([{ oldText: 'region: eu-west-1\naws', newText: 'region: x\naws' }], crlf);
    assert.equal(result.text, crlf.replace('region: eu-west-1', 'region: x'));
  });
});
