import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countHidden, hiddenValuesNote } from '../../../main/core/secrets/hidden-summary.ts';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { mentionsPlaceholder } from '../../../main/core/secrets/placeholder.ts';
import {
  BASE64,
  CONFIG,
  DIGITS,
  fake,
  OPTIONS,
  OTHER_FILE,
  pemLines,
  UPPER,
} from './secret-fixtures.ts';

const id = () => 'AKIA' + fake(16, UPPER + DIGITS);
const first = maskFileText(`a: ${id()}\nb: ${id()}\n${pemLines().join('\n')}\n`, CONFIG, OPTIONS);
const second = maskFileText(`aws_secret_access_key: ${fake(40, BASE64)}\n`, OTHER_FILE, OPTIONS);

describe('countHidden: the counts for the answer and the audit record', () => {
  it('counts by kind, in order of first appearance', () => {
    assert.deepEqual(countHidden(first), {
      total: 3,
      byKind: [
        { kind: 'aws-access-key-id', label: 'AWS access key ID', count: 2 },
        { kind: 'private-key', label: 'private key', count: 1 },
      ],
    });
  });

  it('adds up several files, as read_multiple_files answers them', () => {
    assert.equal(countHidden(first, second).total, 4);
    assert.equal(countHidden(first, second).byKind.length, 3);
  });

  it('counts nothing for a file without secrets, and no file at all', () => {
    assert.deepEqual(countHidden(maskFileText('plain', CONFIG, OPTIONS)), { total: 0, byKind: [] });
    assert.deepEqual(countHidden(), { total: 0, byKind: [] });
  });
});

describe('hiddenValuesNote: what the agent is told', () => {
  it('says how many values were hidden, of which kinds, and what to do with them', () => {
    const note = hiddenValuesNote(countHidden(first, second));
    assert.match(note, /^Airlock hid 4 values that look like secrets/);
    assert.match(note, /2 AWS access key IDs, 1 private key, 1 AWS secret key/);
    assert.match(note, /Keep placeholders exactly as they are/);
  });

  it('speaks of one value in the singular', () => {
    assert.match(
      hiddenValuesNote(countHidden(second)),
      /^Airlock hid 1 value that looks like secrets \(1 AWS secret key\)/,
    );
  });

  it('says nothing when nothing was hidden', () => {
    assert.equal(hiddenValuesNote(countHidden()), '');
  });

  it('holds nothing that a write would take for a placeholder', () => {
    assert.equal(mentionsPlaceholder(hiddenValuesNote(countHidden(first))), false);
  });
});
