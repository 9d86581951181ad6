// The head anchor in the keychain: kept at the chain's end while records are written and on
// close, never moved back, and checked when a writer opens, so damage found then is recorded.
import assert from 'node:assert/strict';
import { readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AnchorKeeper } from '../../../main/core/audit/anchor-keeper.ts';
import { AuditFiles } from '../../../main/core/audit/audit-files.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../../main/core/audit/audit-writer.ts';
import type { AuditEntry, AuditRecord } from '../../../main/core/audit/audit-record.ts';
import {
  anchorAccount,
  keychainAnchorStore,
  type HeadAnchor,
} from '../../../main/core/audit/head-anchor.ts';
import { verifyAuditLog } from '../../../main/core/audit/verify.ts';
import { MemoryKeychain } from '../../helpers/memory-keychain.ts';
import { anchoredKey, appendRun, auditDir } from './audit-fixture.ts';

function records(file: string): AuditRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord);
}

async function storedAnchor(keychain: MemoryKeychain, file: string) {
  return keychainAnchorStore(keychain, file).read();
}

/** A chain the test moves by hand, for the keeper alone. */
function fakeChain(dir: string) {
  const chain = {
    end: { seq: 0, hash: '0'.repeat(64) } as HeadAnchor,
    recorded: [] as AuditEntry[],
    files: new AuditFiles(path.join(dir, 'audit.jsonl')),
    settledEnd: () => chain.end,
    record: (entry: AuditEntry) => {
      chain.recorded.push(entry);
      return true;
    },
  };
  return chain;
}

describe('the head anchor', () => {
  it('follows the chain while records are written, within an interval, without waiting for close', async () => {
    const dir = await auditDir();
    const keychain = new MemoryKeychain();
    const chain = fakeChain(dir);
    const keeper = new AnchorKeeper(keychainAnchorStore(keychain, chain.files.current), chain, {
      intervalMs: 20,
      finishLimitMs: 1000,
    });
    chain.end = { seq: 7, hash: 'b'.repeat(64) };
    await sleep(100);
    assert.deepEqual(await storedAnchor(keychain, chain.files.current), chain.end);
    chain.end = { seq: 9, hash: 'c'.repeat(64) };
    await sleep(100);
    assert.deepEqual(await storedAnchor(keychain, chain.files.current), chain.end);
    await keeper.finish();
  });

  it('names the last record once the writer has closed', async () => {
    const { key, keychain } = anchoredKey();
    const file = path.join(await auditDir(), 'audit.jsonl');
    await appendRun(file, 3, key);
    const last = records(file).at(-1) as AuditRecord;
    assert.deepEqual(await storedAnchor(keychain, file), { seq: 3, hash: last.hash });
    assert.ok(keychain.entries.has(anchorAccount(file)));
  });

  it('is not moved back by a process that knows an older end', async () => {
    const dir = await auditDir();
    const keychain = new MemoryKeychain();
    const chain = fakeChain(dir);
    const store = keychainAnchorStore(keychain, chain.files.current);
    const keeper = new AnchorKeeper(store, chain, { intervalMs: 60_000, finishLimitMs: 1000 });
    chain.end = { seq: 4, hash: 'd'.repeat(64) };
    await store.write({ seq: 10, hash: 'e'.repeat(64) });
    await keeper.finish();
    assert.equal((await store.read())?.seq, 10);
  });

  it('never holds up appends or a close when the keychain does not answer', async () => {
    const dir = await auditDir();
    const chain = fakeChain(dir);
    const silent = { read: () => new Promise<never>(() => undefined), write: async () => {} };
    const keeper = new AnchorKeeper(silent, chain, { intervalMs: 60_000, finishLimitMs: 50 });
    const finished = await Promise.race([
      keeper.finish().then(() => 'finished'),
      sleep(1000).then(() => 'still waiting'),
    ]);
    assert.equal(finished, 'finished');
  });

  it('records, when a writer opens, a log deleted since its anchor, then anchors the new log', async () => {
    const { key, keychain } = anchoredKey();
    const file = path.join(await auditDir(), 'audit.jsonl');
    await appendRun(file, 6, key);
    unlinkSync(file);
    unlinkSync(`${file}.head`);
    await appendRun(file, 1, key);
    const written = records(file);
    const notice = written.find((record) => record.event === 'audit_recovery');
    assert.equal(notice?.detail?.kind, 'anchor_truncated');
    assert.match(notice?.reason ?? '', /^the log was emptied or deleted: records 1 to 6 are gone/);
    assert.equal((await storedAnchor(keychain, file))?.seq, written.length);
    // The chain itself now says what happened, so verify keeps failing.
    assert.equal((await verifyAuditLog(file, key)).firstProblem?.kind, 'tampering_recorded');
  });

  it('records what it found in the chain of the writer that is still open', async () => {
    const { key } = anchoredKey();
    const file = path.join(await auditDir(), 'audit.jsonl');
    await appendRun(file, 2, key);
    unlinkSync(file);
    unlinkSync(`${file}.head`);
    const writer = AuditWriter.open(file, { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' }, key);
    try {
      await sleep(100);
      assert.equal(records(file)[0]?.detail?.kind, 'anchor_truncated');
      assert.equal(writer.sequence, 1);
    } finally {
      writer.close();
      await writer.anchorSettled;
    }
  });

  it('records, when a writer opens, a log rewritten since its anchor', async () => {
    const { key } = anchoredKey();
    const dir = await auditDir();
    const file = path.join(dir, 'audit.jsonl');
    await appendRun(file, 3, key);
    unlinkSync(file);
    unlinkSync(`${file}.head`);
    // A different chain of the same length, written with no key.
    await appendRun(file, 3, undefined);
    await appendRun(file, 0, key);
    const notice = records(file).find((record) => record.event === 'audit_recovery');
    assert.equal(notice?.detail?.kind, 'anchor_mismatch');
  });
});
