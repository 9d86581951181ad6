// Following the audit files as writers append and rotate them: every line handed on names
// the file that holds it, at the place it is, or the index would read the wrong bytes back.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AuditFollower } from '../../../../main/core/app/activity/audit-follower.ts';
import { AuditFiles } from '../../../../main/core/audit/audit-files.ts';
import type { RecordLocation } from '../../../../main/core/audit/search/record-store.ts';
import { tempDir } from './activity-fixture.ts';

async function auditFiles(): Promise<AuditFiles> {
  return new AuditFiles(path.join(await tempDir(), 'audit.jsonl'));
}

/** Reads once; every line with where the follower says it is. */
async function readOnce(follower: AuditFollower) {
  const lines: { line: string; location: RecordLocation }[] = [];
  const result = await follower.read((line, location) => lines.push({ line, location }));
  return { result, lines };
}

/** The bytes at a location, as the index would read them back. */
function at(location: RecordLocation): string {
  return readFileSync(location.file)
    .subarray(location.offset, location.offset + location.length)
    .toString('utf8');
}

describe('the audit follower', () => {
  it('finishes a rotated file under its new name, then reads the new current file', async () => {
    const files = await auditFiles();
    writeFileSync(files.current, 'old-1\n');
    const follower = AuditFollower.atEnd(files);
    appendFileSync(files.current, 'old-2\nold-3\n');
    const rotated = files.rotatedName(new Date());
    renameSync(files.current, rotated);
    writeFileSync(files.current, 'new-1\n');
    const { result, lines } = await readOnce(follower);
    follower.close();
    assert.equal(result, 'ok');
    assert.deepEqual(
      lines.map(({ line, location }) => [line, location.file]),
      [
        ['old-2', rotated],
        ['old-3', rotated],
        ['new-1', files.current],
      ],
    );
    for (const { line, location } of lines) assert.equal(at(location), line);
  });

  it('names no line by a file that does not hold it when the rotated file is gone', async () => {
    const files = await auditFiles();
    writeFileSync(files.current, 'old-1\n');
    const follower = AuditFollower.atEnd(files);
    appendFileSync(files.current, 'old-2\nold-3\n');
    // Rotated away, then removed by the retention rules before the follower looked again.
    const rotated = files.rotatedName(new Date());
    renameSync(files.current, rotated);
    unlinkSync(rotated);
    writeFileSync(files.current, 'new-1\nnew-2\n');
    const { result, lines } = await readOnce(follower);
    follower.close();
    for (const { line, location } of lines)
      assert.equal(at(location), line, `${line} is where its location says`);
    assert.equal(result, 'lost', 'the index is told to read the files again');
    assert.deepEqual(lines, [], 'nothing is handed on from a file with no name');
  });
});
