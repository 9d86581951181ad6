import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AuditLog } from '../../../main/core/audit/audit-log.ts';
import {
  asAuditLockedError,
  AuditLockedError,
} from '../../../main/core/audit/audit-locked-error.ts';
import { FileLockedError } from '../../../main/core/platform/file-lock.ts';
import type { AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../../main/core/audit/audit-writer.ts';
import { verifyAuditLog } from '../../../main/core/audit/verify.ts';
import { auditDir, call, TEST_KEY, writeLog } from './audit-fixture.ts';

const settings = { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' as const };

function records(file: string): AuditRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord);
}

describe('the audit writer', () => {
  it('has the line in the file by the time append returns', async () => {
    const file = path.join(await auditDir(), 'audit.jsonl');
    const writer = AuditWriter.open(file, settings, TEST_KEY);
    const record = writer.append(call('read_text_file'));
    assert.equal(records(file).at(-1)?.hash, record.hash);
    writer.close();
  });

  it('numbers records without gaps and continues the chain after a restart', async () => {
    const dir = await auditDir();
    writeLog(dir, 3);
    const file = writeLog(dir, 2);
    assert.deepEqual(
      records(file).map((record) => record.seq),
      [1, 2, 3, 4, 5],
    );
    assert.equal((await verifyAuditLog(file, TEST_KEY)).ok, true);
  });

  it('rotates by size, and the chain continues across files', async () => {
    const dir = await auditDir();
    const file = writeLog(dir, 300, { rotateBytes: 64 * 1024 });
    const names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
    assert.ok(names.length >= 2, `expected rotated files, got ${names.join(', ')}`);
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.equal(report.records, 300);
  });

  it('rotates by age', async () => {
    const dir = await auditDir();
    const file = path.join(dir, 'audit.jsonl');
    const writer = AuditWriter.open(file, { ...settings, rotateAgeDays: 1 }, TEST_KEY);
    writer.append(call('a'), new Date('2026-01-01T00:00:00Z'));
    writer.append(call('b'), new Date('2026-01-03T00:00:00Z'));
    writer.close();
    assert.equal(writer.files.rotated().length, 1);
    assert.deepEqual(
      records(file).map((record) => record.tool),
      ['b'],
    );
    assert.equal((await verifyAuditLog(file, TEST_KEY)).ok, true);
  });

  it('deletes rotated files only once they are older than the retention period', async () => {
    const dir = await auditDir();
    const file = writeLog(dir, 800, { rotateBytes: 64 * 1024 });
    const [oldest, ...rest] = rotatedFiles(file);
    assert.ok(oldest && rest.length > 0);
    const longAgo = new Date(Date.now() - 400 * 24 * 3600 * 1000);
    utimesSync(oldest, longAgo, longAgo);
    writeLog(dir, 200, { rotateBytes: 64 * 1024, retentionDays: 365 });
    const remaining = rotatedFiles(file);
    assert.equal(remaining.includes(oldest), false, 'the expired file is gone');
    for (const young of rest)
      assert.equal(remaining.includes(young), true, `${young} is younger and stays`);
  });

  it('sets a torn last line aside on start, records that, and verifies afterwards', async () => {
    const dir = await auditDir();
    const file = writeLog(dir, 5);
    appendFileSync(file, '{"seq":6,"ts":"2026-');
    writeLog(dir, 1);
    const after = records(file);
    assert.deepEqual(
      after.map((record) => record.event),
      [
        'tool_call',
        'tool_call',
        'tool_call',
        'tool_call',
        'tool_call',
        'audit_recovery',
        'tool_call',
      ],
    );
    assert.equal(after[5]?.detail?.kind, 'incomplete');
    const aside = readdirSync(dir).filter((name) => name.includes('.torn-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(path.join(dir, aside[0] as string), 'utf8'), '{"seq":6,"ts":"2026-');
    const report = await verifyAuditLog(file, TEST_KEY);
    assert.equal(report.ok, true, JSON.stringify(report));
  });

  it('records, on start, that records were cut from the end, so verify keeps failing', async () => {
    const dir = await auditDir();
    const file = writeLog(dir, 6);
    const kept = readFileSync(file, 'utf8').split('\n').slice(0, 4).join('\n');
    writeFileSync(file, `${kept}\n`);
    writeLog(dir, 1);
    const recovery = records(file).find((record) => record.event === 'audit_recovery');
    assert.equal(recovery?.detail?.kind, 'truncated');
    assert.equal((await verifyAuditLog(file, TEST_KEY)).firstProblem?.kind, 'tampering_recorded');
  });

  it('tells of a lock held too long in words about the audit log, and how to get past it', () => {
    const file = '/data/audit.jsonl';
    const error = asAuditLockedError(new FileLockedError(`${file}.lock`, 4242), file);
    assert.ok(error instanceof AuditLockedError);
    assert.match(error.message, /pid 4242.*audit log \/data\/audit\.jsonl.*--audit-log/);
    const other = new Error('disk full');
    assert.equal(asAuditLockedError(other, file), other, 'any other error passes through');
  });

  it('lets several processes append to one chain at once, with no gap, duplicate or fork', async () => {
    const file = path.join(await auditDir(), 'audit.jsonl');
    const script = `
      import { AuditWriter } from ${JSON.stringify(new URL('../../../main/core/audit/audit-writer.ts', import.meta.url).href)};
      const writer = AuditWriter.open(process.argv[1], { fsync: 'never', fsyncIntervalMs: 1000, rotateBytes: 256 * 1024, rotateAgeDays: 30, retentionDays: 365 });
      for (let i = 0; i < 400; i += 1) writer.append({ event: 'tool_call', tool: 'p' + process.pid, outcome: 'ok' });
      writer.close();
    `;
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--input-type=module', '-e', script, file], { stdio: 'inherit' }),
    );
    const codes = await Promise.all(
      children.map((child) => new Promise((resolve) => child.on('exit', resolve))),
    );
    assert.deepEqual(codes, [0, 0, 0, 0]);
    const report = await verifyAuditLog(file);
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
    assert.equal(report.records, 1600);
    assert.equal(report.lastSeq, 1600);
  });

  it('repairs the end left by a process that died between writing a record and its head', async () => {
    const dir = await auditDir();
    const file = writeLog(dir, 3);
    const headBefore = readFileSync(`${file}.head`);
    const writer = AuditWriter.open(file, settings, TEST_KEY);
    writer.append(call('written-before-the-crash'));
    writer.close();
    // The dead process had written record 4 but not yet its head, and still held the lock.
    writeFileSync(`${file}.head`, headBefore);
    writeFileSync(`${file}.lock`, '999999999');
    const next = AuditWriter.open(file, settings, TEST_KEY);
    next.append(call('after'));
    next.close();
    assert.deepEqual(
      records(file).map((record) => record.seq),
      [1, 2, 3, 4, 5],
    );
    assert.equal((await verifyAuditLog(file, TEST_KEY)).ok, true);
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const file = path.join(await auditDir(), 'audit.jsonl');
    writeFileSync(`${file}.lock`, '999999999');
    const writer = AuditWriter.open(file, settings, TEST_KEY);
    writer.append(call('a'));
    writer.close();
    assert.equal(records(file).length, 1);
  });
});

describe('the audit log', () => {
  it('resolves with the written record and tells live subscribers', async () => {
    const file = path.join(await auditDir(), 'audit.jsonl');
    const log = new AuditLog(AuditWriter.open(file, settings, TEST_KEY));
    const seen: number[] = [];
    const unsubscribe = log.subscribe((record) => seen.push(record.seq));
    const first = await log.record(call('a'));
    unsubscribe();
    await log.record(call('b'));
    log.close();
    assert.equal(first.seq, 1);
    assert.deepEqual(seen, [1]);
    assert.equal(records(file).length, 2);
  });

  it('writes many concurrent records without losing or interleaving any', async () => {
    const file = path.join(await auditDir(), 'audit.jsonl');
    const log = new AuditLog(AuditWriter.open(file, settings, TEST_KEY));
    await Promise.all(Array.from({ length: 2000 }, (_, index) => log.record(call(`t${index}`))));
    log.close();
    const written = records(file);
    assert.equal(written.length, 2000);
    written.forEach((record, index) => assert.equal(record.seq, index + 1));
    assert.equal((await verifyAuditLog(file, TEST_KEY)).ok, true);
  });
});

/** The chain's files, oldest first. */
function rotatedFiles(file: string): string[] {
  return readdirSync(path.dirname(file))
    .filter((name) => /^audit-\d{8}T\d{9}Z\.jsonl$/.test(name))
    .sort()
    .map((name) => path.join(path.dirname(file), name));
}
