// Finding the record the keychain's anchor names, while other writers may rotate the files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AuditFiles } from '../../../main/core/audit/audit-files.ts';
import type { AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { findRecordHash } from '../../../main/core/audit/find-record.ts';
import { auditDir, writeLog } from './audit-fixture.ts';

function hashesOf(files: AuditFiles): Map<number, string> {
  const hashes = new Map<number, string>();
  for (const file of files.chain())
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as AuditRecord;
      hashes.set(record.seq, record.hash);
    }
  return hashes;
}

describe('finding an anchored record', () => {
  it('finds it in a rotated file as well as in the current one', async () => {
    const files = new AuditFiles(writeLog(await auditDir(), 30, { rotateBytes: 2000 }));
    assert.ok(files.rotated().length >= 2);
    const hashes = hashesOf(files);
    for (const seq of [1, 12, 30]) assert.equal(await findRecordHash(files, seq), hashes.get(seq));
    assert.equal(await findRecordHash(files, 31), undefined);
  });

  it('finds it though a rotation moved it while the files were being read', async () => {
    const real = new AuditFiles(writeLog(await auditDir(), 30, { rotateBytes: 2000 }));
    let listings = 0;
    // The first look sees only the current file: the record's file was rotated in after it.
    const moving = {
      chain: () => (++listings <= 2 ? [real.current] : real.chain()),
    } as unknown as AuditFiles;
    assert.equal(await findRecordHash(moving, 2), hashesOf(real).get(2));
  });
});
