import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GENESIS_HASH, type AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { chainHash, recordLine } from '../../../main/core/audit/chain.ts';
import { verifyAuditLog } from '../../../main/core/audit/verify.ts';
import { anchoredKey, appendRun, auditDir, TEST_KEY, writeLog } from './audit-fixture.ts';

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

function rewrite(file: string, edit: (lines: string[]) => string[]): void {
  writeFileSync(file, `${edit(lines(file)).join('\n')}\n`);
}

/** A record an attacker without the key could compute: right seq, prev and hash. */
function forgedAfter(last: AuditRecord): AuditRecord {
  const unsigned = {
    seq: last.seq + 1,
    ts: new Date().toISOString(),
    event: 'tool_call' as const,
    tool: 'write_file',
    outcome: 'ok' as const,
    prev: last.hash,
  };
  return { ...unsigned, hash: chainHash(unsigned) };
}

describe('audit verify', () => {
  it('passes an untouched log, and calls it anchored only when the keychain holds its anchor', async () => {
    const file = writeLog(await auditDir(), 20);
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.equal(report.records, 20);
    assert.equal(report.macChecked, true);
    assert.deepEqual(report.macRuns, [{ from: 1, to: 20, keyed: true }]);
    // TEST_KEY came from no keychain, so no anchor was written or read.
    assert.equal(report.anchored, false);
    assert.equal(report.anchor.state, 'unavailable');

    const { key } = anchoredKey();
    const anchoredFile = path.join(await auditDir(), 'audit.jsonl');
    await appendRun(anchoredFile, 20, key);
    const anchored = await verifyAuditLog(anchoredFile, key);
    assert.equal(anchored.ok, true, JSON.stringify(anchored.firstProblem));
    assert.deepEqual(anchored.anchor, { state: 'matched', seq: 20 });
    assert.equal(anchored.anchored, true);
  });

  it('starts the chain from 64 zeros', async () => {
    const file = writeLog(await auditDir(), 1);
    assert.equal((JSON.parse(lines(file)[0] as string) as AuditRecord).prev, GENESIS_HASH);
  });

  it('finds one edited byte and names its record', async () => {
    const file = writeLog(await auditDir(), 10);
    rewrite(file, (all) =>
      all.map((line, index) => (index === 4 ? line.replace('tool4', 'tool5') : line)),
    );
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.firstProblem?.kind, 'bad_hash');
    assert.equal(report.firstProblem?.seq, 5);
  });

  it('finds a deleted line', async () => {
    const file = writeLog(await auditDir(), 10);
    rewrite(file, (all) => all.filter((_, index) => index !== 3));
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.firstProblem?.kind, 'bad_seq');
    assert.equal(report.firstProblem?.seq, 5);
  });

  it('finds two swapped lines', async () => {
    const file = writeLog(await auditDir(), 10);
    rewrite(file, (all) => {
      const copy = [...all];
      [copy[2], copy[3]] = [copy[3] as string, copy[2] as string];
      return copy;
    });
    assert.equal((await verifyAuditLog(file, TEST_KEY)).firstProblem?.kind, 'bad_seq');
  });

  it('finds a log cut short at a line boundary', async () => {
    const file = writeLog(await auditDir(), 10);
    rewrite(file, (all) => all.slice(0, 7));
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.firstProblem?.kind, 'truncated');
    assert.equal(report.firstProblem?.seq, 8);
  });

  it('finds a log cut short at a line boundary even without the key', async () => {
    const file = writeLog(await auditDir(), 10, {}, undefined);
    rewrite(file, (all) => all.slice(0, 7));
    assert.equal((await verifyAuditLog(file)).firstProblem?.kind, 'truncated');
  });

  it('reports a line appended without a MAC after keyed ones as unconfirmed, not as forged', async () => {
    // Without the head moved on, it is what a run without the keychain leaves when it is
    // stopped between a record and its head: the next start confirms it.
    const file = writeLog(await auditDir(), 10);
    const last = JSON.parse(lines(file).at(-1) as string) as AuditRecord;
    appendFileSync(file, recordLine(forgedAfter(last)));
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.firstProblem, undefined);
    assert.equal(report.repairableTail?.kind, 'unconfirmed_record');
  });

  it('finds a forged line that carries a made-up MAC', async () => {
    const file = writeLog(await auditDir(), 10);
    const last = JSON.parse(lines(file).at(-1) as string) as AuditRecord;
    appendFileSync(file, recordLine({ ...forgedAfter(last), mac: 'f'.repeat(64) }));
    assert.equal((await verifyAuditLog(file, TEST_KEY)).firstProblem?.kind, 'bad_mac');
  });

  it('finds forged lines appended past the head in an unkeyed log', async () => {
    const file = writeLog(await auditDir(), 10, {}, undefined);
    let last = JSON.parse(lines(file).at(-1) as string) as AuditRecord;
    for (let index = 0; index < 2; index += 1) {
      const forged = forgedAfter(last);
      appendFileSync(file, recordLine(forged));
      last = forged;
    }
    assert.equal((await verifyAuditLog(file)).firstProblem?.kind, 'bad_head');
  });

  it('refuses a whole chain rewritten without the key', async () => {
    const file = writeLog(await auditDir(), 5);
    let prev = GENESIS_HASH;
    rewrite(file, (all) =>
      all.map((line) => {
        const { mac: _mac, hash: _hash, ...rest } = JSON.parse(line) as AuditRecord;
        const unsigned = { ...rest, tool: 'innocent', prev };
        const hash = chainHash(unsigned);
        prev = hash;
        return recordLine({ ...unsigned, hash }).trimEnd();
      }),
    );
    assert.equal((await verifyAuditLog(file, TEST_KEY)).firstProblem?.kind, 'bad_head');
  });

  it('reports a torn last line separately, as something the next start repairs', async () => {
    const file = writeLog(await auditDir(), 5);
    appendFileSync(file, '{"seq":6,"ts":"20');
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.firstProblem, undefined);
    assert.equal(report.repairableTail?.kind, 'torn_line');
    assert.equal(report.ok, false);
  });

  it('reports a byte cut from the middle of the last line as a torn tail', async () => {
    const file = writeLog(await auditDir(), 5);
    const size = readFileSync(file).length;
    truncateSync(file, size - 20);
    assert.equal((await verifyAuditLog(file, TEST_KEY)).repairableTail?.kind, 'torn_line');
  });

  it('refuses a log whose head file was removed', async () => {
    const file = writeLog(await auditDir(), 5);
    unlinkSync(`${file}.head`);
    assert.equal((await verifyAuditLog(file, TEST_KEY)).firstProblem?.kind, 'bad_head');
  });

  it('finds a keyed log cut short, its head rewritten without the MAC, by the keychain anchor', async () => {
    const { key } = anchoredKey();
    const file = path.join(await auditDir(), 'audit.jsonl');
    await appendRun(file, 10, key);
    const kept = lines(file).slice(0, 7);
    writeFileSync(file, `${kept.join('\n')}\n`);
    const last = JSON.parse(kept.at(-1) as string) as AuditRecord;
    writeFileSync(`${file}.head`, JSON.stringify({ seq: last.seq, hash: last.hash }));
    const report = await verifyAuditLog(file, key);
    assert.equal(report.firstProblem?.kind, 'truncated');
    assert.equal(report.firstProblem?.seq, 8);
    assert.match(
      report.firstProblem?.message ?? '',
      /^Records 8 to 10 are gone: the log ends at record 7/,
    );
  });

  it('says, without an anchor, that an unkeyed head cannot guard a keyed log against a cut', async () => {
    const file = writeLog(await auditDir(), 10);
    const kept = lines(file).slice(0, 7);
    writeFileSync(file, `${kept.join('\n')}\n`);
    const last = JSON.parse(kept.at(-1) as string) as AuditRecord;
    writeFileSync(`${file}.head`, JSON.stringify({ seq: last.seq, hash: last.hash }));
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.anchored, false);
    assert.deepEqual(
      report.warnings.map((warning) => warning.kind),
      ['head_unkeyed'],
    );
  });

  it('finds a line that is not JSON', async () => {
    const file = writeLog(await auditDir(), 5);
    rewrite(file, (all) => [...all.slice(0, 2), 'hello', ...all.slice(2)]);
    assert.equal((await verifyAuditLog(file, TEST_KEY)).firstProblem?.kind, 'unparsable');
  });
});
