import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyError } from '../../../main/core/policy/policy-error.ts';
import { compileGlob, compileGlobs, type GlobOptions } from '../../../main/core/tools/glob.ts';

const POSIX: GlobOptions = { caseInsensitive: false, windowsSeparators: false };

function matches(pattern: string, path: string, options = POSIX, isDirectory = false): boolean {
  return compileGlob(pattern, options).matches(path.split('/'), isDirectory);
}

/**
 * [pattern, path, expected]: minimatch's answer with { dot: true, matchBase: true }, except
 * for the additions the tests name (a leading / or ./ anchors, a trailing / means folders).
 */
type Row = readonly [string, string, boolean];

function table(rows: readonly Row[]): void {
  for (const [pattern, path, expected] of rows) {
    assert.equal(matches(pattern, path), expected, `"${pattern}" against "${path}"`);
  }
}

describe('compileGlob', () => {
  it('keeps *, ? and [...] within one name', () => {
    table([
      ['src/*.ts', 'src/a.ts', true],
      ['src/*.ts', 'src/deep/a.ts', false],
      ['a?c', 'abc', true],
      ['a?c', 'ac', false],
      ['src/?', 'src/x', true],
      ['src/[ab].ts', 'src/b.ts', true],
      ['src/[ab].ts', 'src/c.ts', false],
    ]);
  });

  it('matches a pattern without a slash against the name at any depth', () => {
    table([
      ['*.md', 'README.md', true],
      ['*.md', 'docs/guide/intro.md', true],
      ['*.md', 'docs/guide/intro.mdx', false],
      ['README.md', 'packages/a/README.md', true],
      ['*test*', 'src/user.test.ts', true],
    ]);
  });

  it('anchors a pattern with a slash (or a leading / or ./) at the searched folder', () => {
    table([
      ['docs/*.md', 'docs/a.md', true],
      ['docs/*.md', 'site/docs/a.md', false],
      ['/a.md', 'a.md', true],
      ['/a.md', 'sub/a.md', false],
      ['./docs/*.md', 'docs/a.md', true],
    ]);
  });

  it('lets ** span any number of folders, and needs a name below a trailing **', () => {
    table([
      ['**/*.ts', 'a.ts', true],
      ['**/*.ts', 'a/b/c/d.ts', true],
      ['src/**/index.ts', 'src/index.ts', true],
      ['src/**/index.ts', 'src/a/b/index.ts', true],
      ['src/**/index.ts', 'lib/src/index.ts', false],
      ['src/**', 'src', false],
      ['src/**', 'src/a/b', true],
      ['a/**/**/b', 'a/b', true],
      ['a**c', 'abbc', true],
      ['**', 'any/thing', true],
    ]);
  });

  it('matches names starting with a dot, as the official server does (dot: true)', () => {
    table([
      ['*', '.gitignore', true],
      ['**/config', '.git/config', true],
      ['.github/**/*.yml', '.github/workflows/ci.yml', true],
    ]);
  });

  it('expands {a,b}, nested groups and ranges, and leaves a lone {a} literal', () => {
    table([
      ['*.{ts,tsx}', 'src/a.tsx', true],
      ['*.{ts,tsx}', 'src/a.js', false],
      ['{src,lib}/**/*.{js,{c,m}js}', 'lib/x/y.mjs', true],
      ['file{1..3}.txt', 'file2.txt', true],
      ['file{1..3}.txt', 'file4.txt', false],
      ['v{01..03}', 'v02', true],
      ['{a..c}.txt', 'b.txt', true],
      ['{a}', '{a}', true],
      ['{a}', 'a', false],
      ['a{,b}', 'a', true],
    ]);
  });

  it('understands character classes: ranges, negation, POSIX names, a leading ]', () => {
    table([
      ['log[0-9].txt', 'log7.txt', true],
      ['log[0-9].txt', 'logx.txt', false],
      ['[!a]b', 'bb', true],
      ['[!a]b', 'ab', false],
      ['[^a]b', 'ab', false],
      ['[]]', ']', true],
      ['x[[:digit:]]', 'x4', true],
      ['x[[:digit:]]', 'xa', false],
      ['a[', 'a[', true],
    ]);
  });

  it('takes a backslash as an escape on POSIX and as a separator on Windows', () => {
    assert.equal(matches('\\*.md', '*.md'), true);
    assert.equal(matches('\\*.md', 'a.md'), false);
    const windows = { caseInsensitive: true, windowsSeparators: true };
    assert.equal(matches('docs\\*.md', 'docs/a.md', windows), true);
  });

  it('ignores case where the file system does, and only there', () => {
    assert.equal(matches('*.MD', 'notes/readme.md'), false);
    assert.equal(
      matches('*.MD', 'notes/readme.md', { caseInsensitive: true, windowsSeparators: false }),
      true,
    );
    assert.equal(
      matches('[A-Z]*.txt', 'b.txt', { caseInsensitive: true, windowsSeparators: false }),
      true,
    );
  });

  it('matches folders only when the pattern ends with a slash', () => {
    assert.equal(matches('build/', 'out/build', POSIX, true), true);
    assert.equal(matches('build/', 'out/build', POSIX, false), false);
  });

  it('combines several patterns, matching when any does', () => {
    const either = compileGlobs(['node_modules', '*.log'], POSIX);
    assert.ok(either);
    assert.equal(either.matches(['a', 'node_modules'], true), true);
    assert.equal(either.matches(['a', 'b.log'], false), true);
    assert.equal(either.matches(['a', 'b.txt'], false), false);
    assert.equal(compileGlobs([], POSIX), undefined);
  });

  it('matches in linear time, even for patterns that make a backtracking RegExp explode', () => {
    const name = 'a'.repeat(255);
    const nasty = `${'*a'.repeat(40)}*b`;
    const deep = Array.from({ length: 60 }, () => 'a');
    const started = performance.now();
    assert.equal(matches(nasty, name), false);
    assert.equal(compileGlob(`${'**/a/'.repeat(20)}b`, POSIX).matches(deep, false), false);
    assert.ok(performance.now() - started < 200, 'pathological globs finish at once');
  });

  it('refuses empty, overlong and explosively expanding patterns with advice', () => {
    for (const pattern of ['', 'x'.repeat(2000), '{a,b}'.repeat(10), '{1..100000}']) {
      assert.throws(
        () => compileGlob(pattern, POSIX),
        (error: unknown) => error instanceof PolicyError && error.code === 'invalid_argument',
        `refuses ${pattern.slice(0, 20)}`,
      );
    }
  });
});
