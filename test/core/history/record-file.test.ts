import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeRecord } from '../../../main/core/history/change-record.ts';
import {
  isTornRecordFile,
  parseRecordFile,
  recordLine,
  updateLine,
} from '../../../main/core/history/record-file.ts';

const begun: ChangeRecord = {
  version: 1,
  id: 'a1b2c3d4e5f6',
  tool: 'write_file',
  at: '2025-03-01T10:00:00.000Z',
  order: 1_740_823_200_000_000,
  workspaceRoot: '/home/ada/Taxes',
  status: 'pending',
  undoable: true,
  owner: { pid: 4242 },
  steps: [{ kind: 'absent', at: { root: '/home/ada/Taxes', path: 'notes.txt' } }],
};

describe('a record file', () => {
  it('reads as the record begun, with each appended update applied in turn', () => {
    const text =
      recordLine(begun) +
      updateLine({ status: 'done', after: [{ kind: 'file', size: 3, sha256: 'a'.repeat(64) }] }) +
      updateLine({ restoredBy: 'f6e5d4c3b2a1' });
    const record = parseRecordFile(text);
    assert.equal(record?.status, 'done');
    assert.equal(record?.restoredBy, 'f6e5d4c3b2a1');
    assert.deepEqual(record?.steps[0]?.after, { kind: 'file', size: 3, sha256: 'a'.repeat(64) });
  });

  it('reads a kept version staged before the change as a file once its closing line gives the hash', () => {
    const at = { root: '/home/ada/Taxes', path: 'notes.txt' };
    const staged: ChangeRecord = {
      ...begun,
      steps: [{ kind: 'staged', at, size: 5, mode: 0o640 }],
    };
    const hash = { sha256: 'b'.repeat(64), size: 6 };
    assert.deepEqual(parseRecordFile(recordLine(staged))?.steps[0]?.kind, 'staged');
    const closed = parseRecordFile(
      recordLine(staged) + updateLine({ status: 'done', kept: [hash], after: [null] }),
    );
    // The size is that of what history holds, hashed once the change was made.
    assert.deepEqual(closed?.steps, [{ kind: 'file', at, ...hash, mode: 0o640 }]);
  });

  it('reads a staged version that could not be read back as kept nothing', () => {
    const at = { root: '/home/ada/Taxes', path: 'notes.txt' };
    const staged: ChangeRecord = {
      ...begun,
      steps: [{ kind: 'staged', at, size: 5, mode: 0o640 }],
    };
    const closed = parseRecordFile(
      recordLine(staged) + updateLine({ status: 'done', undoable: false, kept: [null] }),
    );
    assert.deepEqual(closed?.steps, [{ kind: 'unkept', at, what: 'file', bytes: 5 }]);
    assert.equal(closed?.undoable, false);
  });

  it('skips an update torn by a crash, and still reads the ones appended after it', () => {
    const torn = updateLine({ status: 'done', after: [{ kind: 'absent' }] }).slice(0, 12);
    const text = recordLine(begun) + torn + updateLine({ restoredBy: 'f6e5d4c3b2a1' });
    const record = parseRecordFile(text);
    assert.equal(record?.status, 'pending');
    assert.equal(record?.restoredBy, 'f6e5d4c3b2a1');
  });

  it('is torn when its first line is cut off, and unreadable then', () => {
    const text = recordLine(begun).slice(0, 40);
    assert.equal(isTornRecordFile(text), true);
    assert.equal(parseRecordFile(text), undefined);
    assert.equal(isTornRecordFile(recordLine(begun)), false);
  });

  it('is not torn, but not read either, when a newer Airlock wrote it', () => {
    const newer = `${JSON.stringify({ ...begun, version: 2 })}\n`;
    assert.equal(isTornRecordFile(newer), false);
    assert.equal(parseRecordFile(newer), undefined);
  });

  it('refuses a path that climbs out of its workspace', () => {
    const climbing = { ...begun, steps: [{ kind: 'absent', at: { root: '/w', path: '../etc' } }] };
    assert.equal(parseRecordFile(`${JSON.stringify(climbing)}\n`), undefined);
  });
});
