import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import {
  DEFAULT_AUDIT_SETTINGS,
  type AuditSettings,
} from '../../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../../main/core/audit/audit-writer.ts';
import type { AuditEntry, AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { rememberKeychainOf } from '../../../main/core/audit/audit-key.ts';
import { MemoryKeychain } from '../../helpers/memory-keychain.ts';

const made: string[] = [];
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A fresh folder for one audit log, removed when the test file ends. */
export async function auditDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'airlock-audit-')));
  made.push(dir);
  return dir;
}

export const TEST_KEY = new Uint8Array(32).fill(7);

export function call(
  tool: string,
  outcome: AuditEntry['outcome'] = 'ok',
  extra: Partial<AuditEntry> = {},
): AuditEntry {
  return {
    event: 'tool_call',
    tool,
    outcome,
    transport: 'stdio',
    client: 'spec 1.0',
    args: { path: `notes/${tool}.txt` },
    ...extra,
  };
}

/** Writes `count` records to a new log in `dir` and closes it; returns the log's path. */
export function writeLog(
  dir: string,
  count: number,
  settings: Partial<AuditSettings> = {},
  key: Uint8Array | undefined = TEST_KEY,
): string {
  const file = path.join(dir, 'audit.jsonl');
  const writer = AuditWriter.open(
    file,
    { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never', ...settings },
    key,
  );
  for (let index = 0; index < count; index += 1) writer.append(call(`tool${index}`));
  writer.close();
  return file;
}

/** A key kept in a stand-in keychain: a writer given it anchors the chain's head there. */
export function anchoredKey(): { key: Uint8Array; keychain: MemoryKeychain } {
  const key = new Uint8Array(32).fill(5);
  const keychain = new MemoryKeychain();
  rememberKeychainOf(key, keychain);
  return { key, keychain };
}

/** Appends `count` records to the log at `file` with `key` (none: a run without the keychain), closes it, and waits for its anchor. */
export async function appendRun(
  file: string,
  count: number,
  key: Uint8Array | undefined,
): Promise<void> {
  const writer = AuditWriter.open(file, { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never' }, key);
  for (let index = 0; index < count; index += 1) writer.append(call(`run${index}`));
  writer.close();
  await writer.anchorSettled;
}

const FAKE_HASH = 'a'.repeat(64);

/**
 * A record as the index and the export read it, one second after the last: for tests of
 * searching and exporting, where the chain's hashes are not checked.
 */
export function fakeRecord(seq: number, fields: Partial<AuditRecord> = {}): AuditRecord {
  return {
    seq,
    ts: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString(),
    event: 'tool_call',
    outcome: 'ok',
    prev: FAKE_HASH,
    hash: FAKE_HASH,
    ...fields,
  };
}
