import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  isInsideRoot,
  relativeSegments,
  segmentsBelow,
} from '../../../main/core/policy/containment.ts';
import {
  darwinPlatform,
  linuxPlatform,
  win32Platform,
} from '../../../main/core/policy/platform.ts';

describe('containment on path segments', () => {
  const cases: [string, string, string, boolean][] = [
    ['linux', '/ws', '/ws', true],
    ['linux', '/ws', '/ws/a/b.txt', true],
    ['linux', '/ws', '/ws_evil', false],
    ['linux', '/ws', '/ws_evil/a.txt', false],
    ['linux', '/ws', '/wsa', false],
    ['linux', '/ws', '/', false],
    ['linux', '/ws', '/ws/../etc', false],
    ['linux', '/ws/', '/ws/a', true],
    ['linux', '/ws', '/WS/a', false],
    ['darwin', '/Users/me/ws', '/users/ME/WS/a', true],
    ['darwin', '/Users/me/ws', '/Users/me/ws_evil', false],
    ['win32', 'C:\\ws', 'c:\\WS\\a.txt', true],
    ['win32', 'C:\\ws', 'C:/ws/a.txt', true],
    ['win32', 'C:\\ws', 'C:\\ws_evil', false],
    ['win32', 'C:\\ws', 'D:\\ws\\a', false],
  ];
  const platforms = { linux: linuxPlatform, darwin: darwinPlatform, win32: win32Platform } as const;
  for (const [name, root, candidate, expected] of cases) {
    it(`${expected ? 'puts' : 'keeps'} ${candidate} ${expected ? 'inside' : 'outside'} ${root} on ${name}`, () => {
      assert.equal(
        isInsideRoot(platforms[name as keyof typeof platforms], root, candidate),
        expected,
      );
    });
  }

  it('treats composed and decomposed Unicode as the same name on macOS', () => {
    const composed = '/Users/me/Caf\u00e9';
    const decomposed = '/Users/me/Cafe\u0301/menu.txt';
    assert.equal(isInsideRoot(darwinPlatform, composed, decomposed), true);
    assert.equal(isInsideRoot(linuxPlatform, composed, decomposed), false);
  });

  it('gives the segments below the root in their original spelling', () => {
    assert.deepEqual(relativeSegments(darwinPlatform, '/Users/me/ws', '/users/me/ws/Docs/A.txt'), [
      'Docs',
      'A.txt',
    ]);
    assert.deepEqual(relativeSegments(linuxPlatform, '/ws', '/ws'), []);
  });

  it('gives in one step what isInsideRoot and relativeSegments give, on every platform', () => {
    const part = fc.constantFrom(
      'ws',
      'WS',
      'ws_evil',
      'a',
      'Caf\u00e9',
      'Cafe\u0301',
      '..',
      '.',
      '',
      'C:',
      'c:',
      'İ',
      'ΑΣ',
    );
    const pathOf = (separator: string) =>
      fc
        .array(part, { minLength: 1, maxLength: 5 })
        .map((parts) => separator + parts.join(separator));
    for (const platform of [linuxPlatform, darwinPlatform, win32Platform]) {
      const separator = platform.windowsSyntax ? '\\' : '/';
      fc.assert(
        fc.property(pathOf(separator), pathOf(separator), (root, candidate) => {
          const expected = isInsideRoot(platform, root, candidate)
            ? relativeSegments(platform, root, candidate)
            : undefined;
          assert.deepEqual(segmentsBelow(platform, root, candidate), expected);
        }),
        { numRuns: 1000 },
      );
    }
  });
});
