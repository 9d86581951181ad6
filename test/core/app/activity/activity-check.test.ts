// "Verify now" in the window says only what the check can know, in words for people who are
// not developers: signatures it could check, the keychain's note of the log's end, and what
// it cannot tell without them.
import assert from 'node:assert/strict';
import { unlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { describeCheck } from '../../../../main/core/app/activity/activity-check.ts';
import { verifyAuditLog } from '../../../../main/core/audit/verify.ts';
import { anchoredKey, appendRun } from '../../audit/audit-fixture.ts';
import { tempDir } from './activity-fixture.ts';

const NOW = new Date('2026-11-26T10:00:00Z');

async function logFile(): Promise<string> {
  return path.join(await tempDir(), 'audit.jsonl');
}

describe('the window’s log check', () => {
  it('does not say "as Airlock wrote them" of records without a signature, and says a deleted log could not be told', async () => {
    const file = await logFile();
    await appendRun(file, 4, undefined);
    const check = describeCheck(await verifyAuditLog(file), NOW);
    assert.equal(check.state, 'intact');
    assert.equal(check.anchored, false);
    assert.match(check.message, /all 4 records are in order and unchanged\./);
    assert.doesNotMatch(check.message, /as Airlock wrote them/);
    assert.match(
      check.message,
      /No record carries a signature: Airlock could not use the system keychain/,
    );
    assert.match(check.message, /if the whole log were deleted, this check could not tell/);
  });

  it('names the records written without a signature after signed ones, and what to make of them', async () => {
    const { key } = anchoredKey();
    const file = await logFile();
    await appendRun(file, 3, key);
    await appendRun(file, 2, undefined);
    await appendRun(file, 1, key);
    const check = describeCheck(await verifyAuditLog(file, key), NOW);
    assert.equal(check.state, 'intact');
    assert.match(check.message, /Records 4 to 5 carry no signature\./);
    assert.match(
      check.advice ?? '',
      /expected if Airlock ran for a while without the system keychain/,
    );
  });

  it('calls a log deleted whole broken, by the keychain’s note of its end', async () => {
    const { key } = anchoredKey();
    const file = await logFile();
    await appendRun(file, 3, key);
    unlinkSync(file);
    unlinkSync(`${file}.head`);
    const check = describeCheck(await verifyAuditLog(file, key), NOW);
    assert.equal(check.state, 'broken');
    assert.match(check.message, /It was deleted/);
    assert.match(check.advice ?? '', /Nothing of the old log is left/);
  });

  it('never calls a missing log intact', async () => {
    const check = describeCheck(await verifyAuditLog(await logFile()), NOW);
    assert.equal(check.state, 'broken');
    assert.match(check.message, /There is no activity log at /);
  });
});
