// A log that is gone, or emptied, is never called intact: the head file, and above all the
// keychain's anchor outside the data dir, say what was there.
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { verifyAuditLog } from '../../../main/core/audit/verify.ts';
import { anchoredKey, appendRun, auditDir, TEST_KEY, writeLog } from './audit-fixture.ts';

async function anchoredLog(count: number) {
  const { key } = anchoredKey();
  const file = path.join(await auditDir(), 'audit.jsonl');
  await appendRun(file, count, key);
  return { file, key };
}

describe('audit verify: a log that is gone', () => {
  it('calls a path that holds no log at all absent, never intact', async () => {
    const report = await verifyAuditLog(path.join(await auditDir(), 'typo', 'audit.jsonl'));
    assert.equal(report.absent, true);
    assert.equal(report.ok, false);
    assert.equal(report.firstProblem, undefined, 'nothing says a log was ever there');
  });

  it('finds a log deleted whole, head file and all, by the keychain anchor', async () => {
    const { file, key } = await anchoredLog(4);
    unlinkSync(file);
    unlinkSync(`${file}.head`);
    const report = await verifyAuditLog(file, key);
    assert.equal(report.ok, false);
    assert.equal(report.firstProblem?.kind, 'log_deleted');
    assert.match(
      report.firstProblem?.message ?? '',
      /^The log was deleted: records 1 to 4 are gone/,
    );
    assert.equal(report.anchored, false);
  });

  it('finds the log file deleted with its head file left, even without a keychain', async () => {
    const file = writeLog(await auditDir(), 6, {}, undefined);
    unlinkSync(file);
    const report = await verifyAuditLog(file);
    assert.equal(report.firstProblem?.kind, 'log_deleted');
    assert.match(report.firstProblem?.message ?? '', /records 1 to 6 are gone/);
  });

  it('finds an emptied log, head file rewritten to match, by the keychain anchor', async () => {
    const { file, key } = await anchoredLog(5);
    truncateSync(file, 0);
    writeFileSync(`${file}.head`, JSON.stringify({ seq: 0, hash: '0'.repeat(64) }));
    const report = await verifyAuditLog(file, key);
    assert.equal(report.firstProblem?.kind, 'truncated');
    assert.match(
      report.firstProblem?.message ?? '',
      /^Records 1 to 5 are gone: the log is empty, but the keychain's anchor says Airlock wrote up to record 5/,
    );
  });

  it('refuses an empty log whose head file is gone: whether records existed cannot be told', async () => {
    const file = writeLog(await auditDir(), 3, {}, undefined);
    truncateSync(file, 0);
    unlinkSync(`${file}.head`);
    const report = await verifyAuditLog(file);
    assert.equal(report.ok, false);
    assert.equal(report.firstProblem?.kind, 'bad_head');
  });

  it('names the records cut from the end in plain numbers', async () => {
    const { file, key } = await anchoredLog(12);
    const kept = readFileSync(file, 'utf8').split('\n').slice(0, 9);
    writeFileSync(file, `${kept.join('\n')}\n`);
    const last = JSON.parse(kept.at(-1) as string) as AuditRecord;
    writeFileSync(`${file}.head`, JSON.stringify({ seq: last.seq, hash: last.hash }));
    const report = await verifyAuditLog(file, key);
    assert.match(report.firstProblem?.message ?? '', /^Records 10 to 12 are gone/);
  });

  it('finds a log cut in the middle of a line before the anchor as cut, not torn', async () => {
    const { file, key } = await anchoredLog(8);
    const text = readFileSync(file, 'utf8');
    truncateSync(file, text.indexOf('\n', text.length / 2) + 20);
    const report = await verifyAuditLog(file, key);
    assert.equal(report.firstProblem?.kind, 'truncated');
    assert.equal(report.repairableTail, undefined);
  });

  it('passes a log the app opened but never wrote to, with its empty anchor', async () => {
    const { file, key } = await anchoredLog(0);
    const report = await verifyAuditLog(file, key);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.equal(report.records, 0);
    assert.deepEqual(report.anchor, { state: 'matched', seq: 0 });
  });

  it('says the anchor is unavailable, not matched, when no keychain is at hand', async () => {
    const file = writeLog(await auditDir(), 3, {}, TEST_KEY);
    const report = await verifyAuditLog(file, TEST_KEY, {
      state: 'unavailable',
      reason: 'no Secret Service',
    });
    assert.equal(report.ok, true);
    assert.deepEqual(report.anchor, { state: 'unavailable', reason: 'no Secret Service' });
    assert.equal(report.anchored, false);
  });
});
