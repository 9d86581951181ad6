// The details of a record in Activity, in words a person reads: whether a change could be
// undone and why not, what an undo undid and whether it was done anyway; never history's
// ids and flags as the log holds them. Details Airlock has no words for are shown as logged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detailInWords } from '../../renderer/screens/activity/detail-words.ts';
import type { ActivityRecord } from '../../renderer/screens/activity/activity-words.ts';

function record(overrides: Partial<ActivityRecord>): ActivityRecord {
  return {
    seq: 12,
    ts: '2026-03-04T10:02:00.000Z',
    event: 'tool_call',
    outcome: 'ok',
    tool: 'write_file',
    correlationId: 'c483f507f95e',
    ...overrides,
  };
}

/** Every key and value the pane shows, as one text: nothing raw may hide in it. */
function shown(entries: ReturnType<typeof detailInWords>): string {
  return JSON.stringify(entries);
}

describe('a record’s details in words', () => {
  it('says a change could be undone, and leaves out its id', () => {
    const entries = detailInWords(record({ detail: { changeId: 'c483f507f95e', undoable: true } }));
    assert.deepEqual(entries, [
      { words: 'Could be undone', value: 'Yes: history kept what this change replaced.' },
    ]);
    for (const raw of ['changeId', 'undoable', 'c483f507f95e', 'true'])
      assert.ok(!shown(entries).includes(raw), `shows "${raw}"`);
  });

  it('says why a change cannot be undone', () => {
    const entries = detailInWords(
      record({
        detail: {
          changeId: 'c483f507f95e',
          undoable: false,
          reason: 'The file was 2 MB, more than the 1 MB history keeps per file.',
        },
      }),
    );
    assert.deepEqual(entries, [
      {
        words: 'Could be undone',
        value: 'No. The file was 2 MB, more than the 1 MB history keeps per file.',
      },
    ]);
  });

  it('says what an undo undid, that it was done anyway, and that it was one of several', () => {
    const entries = detailInWords(
      record({
        event: 'restore',
        tool: 'restore',
        detail: {
          restores: 'a1b2c3d4e5f6',
          tool: 'edit_file',
          forced: true,
          rewind: '0f0f0f0f0f0f',
        },
      }),
    );
    assert.deepEqual(
      entries.map((entry) => entry.words),
      ['What was undone', 'Undone anyway', 'Undone together'],
    );
    assert.equal(entries[0]?.value, 'Edited a file');
    for (const raw of ['restores', 'a1b2c3d4e5f6', 'forced', 'rewind', '0f0f0f0f0f0f'])
      assert.ok(!shown(entries).includes(raw), `shows "${raw}"`);
  });

  it('lists what had changed since a refused undo, without the refusal’s code', () => {
    const conflicts = ['Taxes 2024/letter.txt was changed since.'];
    const entries = detailInWords(
      record({
        event: 'restore',
        tool: 'restore',
        outcome: 'denied',
        detail: { restores: 'a1b2c3d4e5f6', tool: 'write_file', code: 'conflict', conflicts },
      }),
    );
    assert.deepEqual(entries, [
      { words: 'What was undone', value: 'Wrote a file' },
      { words: 'What had changed since', value: conflicts },
    ]);
  });

  it('shows details it has no words for as the log holds them', () => {
    const entries = detailInWords(
      record({ event: 'settings_change', tool: undefined, detail: { keys: ['app.theme'] } }),
    );
    assert.deepEqual(entries, [{ words: 'keys', value: ['app.theme'] }]);
    assert.deepEqual(detailInWords(record({})), []);
  });
});
