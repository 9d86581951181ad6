import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyError, type PolicyErrorCode } from '../../../main/core/policy/policy-error.ts';
import { applyEdits, type TextEdit } from '../../../main/core/tools/apply-edits.ts';

function throwsCode(
  original: string,
  edits: readonly TextEdit[],
  code: PolicyErrorCode,
): PolicyError {
  let caught: unknown;
  try {
    applyEdits(original, edits);
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof PolicyError,
    `expected a PolicyError '${code}', got ${String(caught)}`,
  );
  assert.equal(caught.code, code);
  return caught;
}

describe('applyEdits', () => {
  it('replaces an exact match of oldText with newText', () => {
    assert.equal(
      applyEdits('const a = 1;\nconst b = 2;\n', [{ oldText: 'b = 2', newText: 'b = 3' }]),
      'const a = 1;\nconst b = 3;\n',
    );
  });

  it('matches across several lines, including indentation', () => {
    const original = 'function f() {\n  return 1;\n}\n';
    const edited = applyEdits(original, [{ oldText: '  return 1;\n}', newText: '  return 2;\n}' }]);
    assert.equal(edited, 'function f() {\n  return 2;\n}\n');
  });

  it('inserts newText literally, even when it contains $ replacement patterns', () => {
    assert.equal(
      applyEdits('price: X\n', [{ oldText: 'X', newText: "$& $1 $$ $'" }]),
      "price: $& $1 $$ $'\n",
    );
    assert.equal(
      applyEdits('X X\n', [{ oldText: 'X', newText: '$&$&', replaceAll: true }]),
      '$&$& $&$&\n',
    );
  });

  it('refuses with no_match when oldText is not in the file, naming the edit', () => {
    const error = throwsCode('alpha\n', [{ oldText: 'beta', newText: 'gamma' }], 'no_match');
    assert.match(error.message, /Edit 1/);
  });

  it('refuses with no_match when only the indentation differs', () => {
    throwsCode('  indented\n', [{ oldText: '    indented', newText: 'x' }], 'no_match');
  });

  it('refuses with ambiguous_match when oldText appears more than once, and says how many times', () => {
    const error = throwsCode(
      'x = 1;\ny = 1;\n',
      [{ oldText: '= 1', newText: '= 2' }],
      'ambiguous_match',
    );
    assert.match(error.message, /2 times/);
    assert.match(error.message, /replaceAll/);
  });

  it('replaces every occurrence when replaceAll is set', () => {
    assert.equal(
      applyEdits('x = 1;\ny = 1;\n', [{ oldText: '= 1', newText: '= 2', replaceAll: true }]),
      'x = 2;\ny = 2;\n',
    );
  });

  it('accepts replaceAll for a text that appears once', () => {
    assert.equal(
      applyEdits('one\n', [{ oldText: 'one', newText: 'two', replaceAll: true }]),
      'two\n',
    );
  });

  it('refuses an empty oldText', () => {
    throwsCode('abc\n', [{ oldText: '', newText: 'x' }], 'invalid_argument');
  });

  it('applies edits in order, each to the result of the one before', () => {
    const edited = applyEdits('a\n', [
      { oldText: 'a', newText: 'b' },
      { oldText: 'b', newText: 'c' },
    ]);
    assert.equal(edited, 'c\n');
  });

  it('judges a later edit against the text as earlier edits left it', () => {
    // After the first edit "x" appears twice, so the second edit is ambiguous.
    const error = throwsCode(
      'x\ny\n',
      [
        { oldText: 'y', newText: 'x' },
        { oldText: 'x', newText: 'z' },
      ],
      'ambiguous_match',
    );
    assert.match(error.message, /Edit 2/);
  });

  it('keeps CRLF line endings when the edits are written with \\n', () => {
    const original = 'one\r\ntwo\r\nthree\r\n';
    const edited = applyEdits(original, [{ oldText: 'one\ntwo\n', newText: 'ONE\nTWO\nextra\n' }]);
    assert.equal(edited, 'ONE\r\nTWO\r\nextra\r\nthree\r\n');
    assert.equal(edited.replaceAll('\r\n', '').includes('\n'), false);
  });

  it('matches CRLF files when the edits are written with \\r\\n', () => {
    assert.equal(
      applyEdits('a\r\nb\r\n', [{ oldText: 'a\r\nb', newText: 'c\r\nd' }]),
      'c\r\nd\r\n',
    );
  });

  it('matches text copied exactly from a file with mixed line endings', () => {
    assert.equal(
      applyEdits('a\r\nb\nc\r\n', [{ oldText: 'b\nc', newText: 'B\nC' }]),
      'a\r\nB\nC\r\n',
    );
  });

  it('keeps LF line endings in an LF file', () => {
    assert.equal(applyEdits('a\nb\n', [{ oldText: 'a\nb', newText: 'x\ny\nz' }]), 'x\ny\nz\n');
  });
});
