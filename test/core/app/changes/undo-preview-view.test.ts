// How an undo's preview reaches the window: the core's unified diff as lines that stay, go
// or come back, with the unchanged stretches between hunks counted; and a file's type in
// the words people use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  diffLinesOf,
  DIFF_LINES_SHOWN,
  fileTypeWords,
} from '../../../../main/core/app/changes/undo-preview-view.ts';
import { restoreDiff } from '../../../../main/core/history/text-preview.ts';

function lines(count: number, change?: [number, string]): string {
  return Array.from({ length: count }, (_, index) =>
    change && index === change[0] ? change[1] : `line ${index + 1}`,
  )
    .map((line) => `${line}\n`)
    .join('');
}

describe('a text diff as the window shows it', () => {
  it('counts the unchanged lines between hunks instead of showing them', () => {
    const now = lines(30, [19, 'the agent wrote this']);
    const restored = lines(30);
    const diff = restoreDiff('notes.txt', now, restored);
    assert.ok(diff);
    const { lines: shown, cut } = diffLinesOf(diff);
    assert.equal(cut, false);
    assert.deepEqual(shown, [
      { op: 'skipped', count: 16 },
      { op: 'same', text: 'line 17' },
      { op: 'same', text: 'line 18' },
      { op: 'same', text: 'line 19' },
      { op: 'removed', text: 'the agent wrote this' },
      { op: 'added', text: 'line 20' },
      { op: 'same', text: 'line 21' },
      { op: 'same', text: 'line 22' },
      { op: 'same', text: 'line 23' },
    ]);
  });

  it('shows two hunks with the stretch between them counted', () => {
    const now = lines(40, [2, 'first change']).replace('line 35\n', 'second change\n');
    const diff = restoreDiff('notes.txt', now, lines(40));
    assert.ok(diff);
    const skipped = diffLinesOf(diff).lines.filter((line) => line.op === 'skipped');
    assert.deepEqual(skipped, [{ op: 'skipped', count: 25 }]);
  });

  it('shows a file the undo empties, or fills, line by line', () => {
    const diff = restoreDiff('new.txt', 'made by the agent\n', '');
    assert.ok(diff);
    assert.deepEqual(diffLinesOf(diff).lines, [{ op: 'removed', text: 'made by the agent' }]);
  });

  it('leaves out the note that a file has no final newline', () => {
    const diff = restoreDiff('a.txt', 'one', 'two');
    assert.ok(diff);
    assert.deepEqual(diffLinesOf(diff).lines, [
      { op: 'removed', text: 'one' },
      { op: 'added', text: 'two' },
    ]);
  });

  it('cuts a very long diff, and says so', () => {
    // One line in ten changed, over 3,000 lines: 300 hunks, some 2,700 lines to show.
    const restored = lines(3000);
    const now = restored
      .split('\n')
      .map((line, index) => (index % 10 === 5 ? line.toUpperCase() : line))
      .join('\n');
    const diff = restoreDiff('long.txt', now, restored);
    assert.ok(diff, 'within what the core compares');
    const { lines: shown, cut } = diffLinesOf(diff);
    assert.equal(cut, true);
    assert.equal(shown.length, DIFF_LINES_SHOWN);
  });
});

describe('a file’s type in words', () => {
  const cases: [string, string][] = [
    ['image/png', 'PNG image'],
    ['application/pdf', 'PDF document'],
    ['audio/mpeg', 'MP3 audio'],
    ['video/mp4', 'MP4 video'],
    ['image/x-portable-pixmap', 'PORTABLE-PIXMAP image'],
    ['application/zip', 'ZIP file'],
    ['binary', 'file that is not text'],
    ['text', 'text file, too long to compare line by line'],
    ['something', 'file'],
  ];
  for (const [type, words] of cases) {
    it(`says "${words}" for ${type}`, () => assert.equal(fileTypeWords(type), words));
  }
});
