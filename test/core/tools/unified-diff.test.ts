import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { unifiedDiff } from '../../../main/core/tools/unified-diff.ts';

/**
 * The hunks of a diff, as GNU `diff -u` prints them (expected outputs below were produced
 * with diffutils 3.8). GNU leaves out a count of 1 ("@@ -4,0 +5 @@"); both forms mean the
 * same, so the count is written out before comparing.
 */
function hunksOf(diff: string): string {
  const lines = diff.split('\n');
  assert.match(lines[0] ?? '', /^--- /);
  assert.match(lines[1] ?? '', /^\+\+\+ /);
  return lines.slice(2).join('\n');
}

function explicitCounts(gnuHunks: string): string {
  return gnuHunks.replace(/^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/gm, (_all, a, aCount, b, bCount) => {
    return `@@ -${a}${aCount ?? ',1'} +${b}${bCount ?? ',1'} @@`;
  });
}

function assertLikeDiffU(before: string, after: string, gnuHunks: string, context?: number): void {
  assert.equal(hunksOf(unifiedDiff('file.txt', before, after, context)), explicitCounts(gnuHunks));
}

const TEN = '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n';
const EIGHT = '1\n2\n3\n4\n5\n6\n7\n8\n';

/** Applies a unified diff to `before`, checking each hunk header against its lines. */
function applyPatch(before: string, diff: string): string {
  const source = before === '' ? [] : before.split('\n');
  if (source[source.length - 1] === '') source.pop();
  const lines = diff.split('\n').slice(2);
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  let cursor = 0;
  let index = 0;
  while (index < lines.length) {
    const header = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(lines[index] ?? '');
    assert.ok(header, `expected a hunk header, got ${lines[index]}`);
    const [aStart, aCount, bStart, bCount] = header.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
    ];
    const aFrom = aCount === 0 ? aStart : aStart - 1;
    assert.ok(aFrom >= cursor, 'hunks are in order and do not overlap');
    out.push(...source.slice(cursor, aFrom));
    assert.equal(
      bCount === 0 ? bStart : bStart - 1,
      out.length,
      'the new start line matches the output so far',
    );
    cursor = aFrom;
    let seenA = 0;
    let seenB = 0;
    index += 1;
    while (index < lines.length && !(lines[index] ?? '').startsWith('@@')) {
      const line = lines[index] ?? '';
      const body = line.slice(1);
      if (line[0] === ' ' || line[0] === '-') {
        assert.equal(source[cursor], body, `line ${cursor + 1} of the original matches the hunk`);
        cursor += 1;
        seenA += 1;
      }
      if (line[0] === ' ' || line[0] === '+') {
        out.push(body);
        seenB += 1;
      }
      index += 1;
    }
    assert.equal(seenA, aCount, 'the old line count in the header is right');
    assert.equal(seenB, bCount, 'the new line count in the header is right');
  }
  out.push(...source.slice(cursor));
  return out.map((line) => `${line}\n`).join('');
}

describe('unifiedDiff', () => {
  it('returns an empty string for identical texts', () => {
    assert.equal(unifiedDiff('file.txt', 'a\nb\n', 'a\nb\n'), '');
    assert.equal(unifiedDiff('file.txt', '', ''), '');
  });

  it('starts with ---/+++ lines naming the file and ends with a newline', () => {
    const diff = unifiedDiff('/ws/file.txt', 'a\n', 'b\n');
    const lines = diff.split('\n');
    assert.match(lines[0] ?? '', /^--- \/ws\/file\.txt/);
    assert.match(lines[1] ?? '', /^\+\+\+ \/ws\/file\.txt/);
    assert.ok(diff.endsWith('\n'));
  });

  it('shows a single changed line with three lines of context, like diff -u', () => {
    assertLikeDiffU(
      'a\nb\nc\nd\ne\n',
      'a\nb\nX\nd\ne\n',
      '@@ -1,5 +1,5 @@\n a\n b\n-c\n+X\n d\n e\n',
    );
  });

  it('shows a change in a one-line file, like diff -u', () => {
    assertLikeDiffU('a\n', 'b\n', '@@ -1 +1 @@\n-a\n+b\n');
  });

  it('shows an inserted line, like diff -u', () => {
    assertLikeDiffU(
      TEN,
      '1\n2\n3\n4\n5\nnew\n6\n7\n8\n9\n10\n',
      '@@ -3,6 +3,7 @@\n 3\n 4\n 5\n+new\n 6\n 7\n 8\n',
    );
  });

  it('shows a deleted line, like diff -u', () => {
    assertLikeDiffU(
      TEN,
      '1\n2\n3\n4\n6\n7\n8\n9\n10\n',
      '@@ -2,7 +2,6 @@\n 2\n 3\n 4\n-5\n 6\n 7\n 8\n',
    );
  });

  it('shows two lines replaced by two others, like diff -u', () => {
    assertLikeDiffU(
      EIGHT,
      '1\n2\n3\nA\nB\n6\n7\n8\n',
      '@@ -1,8 +1,8 @@\n 1\n 2\n 3\n-4\n-5\n+A\n+B\n 6\n 7\n 8\n',
    );
  });

  it('shows lines added at the start and at the end, like diff -u', () => {
    assertLikeDiffU(EIGHT, `0\n${EIGHT}`, '@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n');
    assertLikeDiffU(EIGHT, `${EIGHT}nine\nten\n`, '@@ -6,3 +6,5 @@\n 6\n 7\n 8\n+nine\n+ten\n');
  });

  it('splits two distant changes into two hunks, like diff -u', () => {
    const before = Array.from({ length: 20 }, (_, index) => `${index + 1}\n`).join('');
    const after = before.replace('2\n', 'TWO\n').replace('19\n', 'NINETEEN\n');
    assertLikeDiffU(
      before,
      after,
      '@@ -1,5 +1,5 @@\n 1\n-2\n+TWO\n 3\n 4\n 5\n@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+NINETEEN\n 20\n',
    );
  });

  it('joins two changes six unchanged lines apart into one hunk, and splits them at seven', () => {
    assertLikeDiffU(
      TEN,
      '1\nx\n3\n4\n5\n6\n7\n8\ny\n10\n',
      '@@ -1,10 +1,10 @@\n 1\n-2\n+x\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+y\n 10\n',
    );
    assertLikeDiffU(
      `${TEN}11\n`,
      '1\nx\n3\n4\n5\n6\n7\n8\n9\ny\n11\n',
      '@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n@@ -7,5 +7,5 @@\n 7\n 8\n 9\n-10\n+y\n 11\n',
    );
  });

  it('diffs an empty text against new text, like diff -u', () => {
    assertLikeDiffU('', 'hello\nworld\n', '@@ -0,0 +1,2 @@\n+hello\n+world\n');
  });

  it('diffs text against an emptied file, like diff -u', () => {
    assertLikeDiffU('hello\nworld\n', '', '@@ -1,2 +0,0 @@\n-hello\n-world\n');
  });

  it('numbers pure insertions and deletions without context the way diff -U0 does', () => {
    assertLikeDiffU(EIGHT, '1\n2\n3\n4\nnew\n5\n6\n7\n8\n', '@@ -4,0 +5 @@\n+new\n', 0);
    assertLikeDiffU(EIGHT, '1\n2\n3\n6\n7\n8\n', '@@ -4,2 +3,0 @@\n-4\n-5\n', 0);
  });

  it('keeps carriage returns of CRLF lines in the diff', () => {
    const diff = unifiedDiff('file.txt', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n');
    assert.equal(hunksOf(diff), '@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n');
  });

  it('marks a last line without a newline as diff -u does', () => {
    assertLikeDiffU(
      'a\nb',
      'a\nc',
      '@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
  });

  it('shows a change that only adds a newline at the end of the file', () => {
    assert.notEqual(unifiedDiff('file.txt', 'a\nb', 'a\nb\n'), '');
  });

  it('produces a diff that turns the original into the modified text, for any change', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 })
      .map((lines) => lines.map((line) => `${line}\n`).join(''));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 4 }), (before, after, context) => {
        const diff = unifiedDiff('f', before, after, context);
        if (before === after) return diff === '';
        return applyPatch(before, diff) === after;
      }),
      { numRuns: 500 },
    );
  });

  it('finds a shortest edit, so no line is removed and added back unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 25 }),
        fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 25 }),
        (a, b) => {
          const diff = unifiedDiff(
            'f',
            a.map((line) => `${line}\n`).join(''),
            b.map((line) => `${line}\n`).join(''),
            0,
          );
          const body = diff.split('\n').slice(2);
          const changed = body.filter(
            (line) => line.startsWith('+') || line.startsWith('-'),
          ).length;
          return changed === a.length + b.length - 2 * lcsLength(a, b);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] as number);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
