// Logs written partly with and partly without the keychain: a run without it is legitimate,
// so such records are reported (and warned about when they follow keyed ones), and fail only
// when the keychain's anchor proves the log was rewritten.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GENESIS_HASH, type AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { chainHash, recordLine } from '../../../main/core/audit/chain.ts';
import { verifyAuditLog } from '../../../main/core/audit/verify.ts';
import { anchoredKey, appendRun, auditDir } from './audit-fixture.ts';

async function freshLog(): Promise<{ file: string; key: Uint8Array }> {
  const { key } = anchoredKey();
  return { file: path.join(await auditDir(), 'audit.jsonl'), key };
}

describe('audit verify: logs with and without the keyed MAC', () => {
  it('passes a log begun without the keychain and continued with it, saying which records are keyed', async () => {
    const { file, key } = await freshLog();
    await appendRun(file, 5, undefined);
    await appendRun(file, 5, key);
    const report = await verifyAuditLog(file, key);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.deepEqual(report.macRuns, [
      { from: 1, to: 5, keyed: false },
      { from: 6, to: 10, keyed: true },
    ]);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.anchored, true);
  });

  it('warns about, and does not fail, records a run without the keychain appended after keyed ones', async () => {
    const { file, key } = await freshLog();
    await appendRun(file, 5, key);
    await appendRun(file, 3, undefined);
    await appendRun(file, 2, key);
    const report = await verifyAuditLog(file, key);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.deepEqual(report.macRuns, [
      { from: 1, to: 5, keyed: true },
      { from: 6, to: 8, keyed: false },
      { from: 9, to: 10, keyed: true },
    ]);
    assert.equal(report.warnings.length, 1);
    assert.equal(report.warnings[0]?.kind, 'unkeyed_after_keyed');
    assert.match(report.warnings[0]?.message ?? '', /^Records 6 to 8 carry no keyed MAC/);
  });

  it('passes a keyed log whose last run had no keychain, head file and all', async () => {
    const { file, key } = await freshLog();
    await appendRun(file, 4, key);
    await appendRun(file, 2, undefined);
    const report = await verifyAuditLog(file, key);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.deepEqual(
      report.warnings.map((warning) => warning.kind),
      ['unkeyed_after_keyed'],
    );
  });

  it('passes a keyed log merely opened by a run without the keychain, which leaves an unkeyed head', async () => {
    const { file, key } = await freshLog();
    await appendRun(file, 4, key);
    await appendRun(file, 0, undefined);
    const report = await verifyAuditLog(file, key);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.equal(report.anchored, true);
  });

  it('fails a whole log rewritten without the key, MACs stripped and head rewritten, by the anchor', async () => {
    const { file, key } = await freshLog();
    await appendRun(file, 5, key);
    let prev = GENESIS_HASH;
    const rewritten = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const { mac: _mac, hash: _hash, ...rest } = JSON.parse(line) as AuditRecord;
        const unsigned = { ...rest, tool: 'innocent', prev };
        const hash = chainHash(unsigned);
        prev = hash;
        return { ...unsigned, hash };
      });
    writeFileSync(file, rewritten.map((record) => recordLine(record)).join(''));
    const last = rewritten.at(-1) as AuditRecord;
    writeFileSync(`${file}.head`, JSON.stringify({ seq: last.seq, hash: last.hash }));
    const report = await verifyAuditLog(file, key);
    assert.equal(report.firstProblem?.kind, 'anchor_mismatch');
    assert.equal(report.firstProblem?.seq, 5);
    assert.equal(report.anchored, false);
  });
});
