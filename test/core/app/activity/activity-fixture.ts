// Audit logs for the activity viewer's tests: written by the real writer, with records of
// several clients, tools, folders and outcomes, at times the test chooses.
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import {
  ActivityLog,
  type ActivityLogOptions,
} from '../../../../main/core/app/activity/activity-log.ts';
import type { AuditEntry } from '../../../../main/core/audit/audit-record.ts';
import {
  DEFAULT_AUDIT_SETTINGS,
  type AuditSettings,
} from '../../../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../../../main/core/audit/audit-writer.ts';
import { rememberKeychainOf } from '../../../../main/core/audit/audit-key.ts';
import { MemoryKeychain } from '../../../helpers/memory-keychain.ts';
import { capturedLog } from '../app-fixture.ts';

/** The audit key, kept in a stand-in keychain, so writers anchor the chain's head there too. */
export const KEY = new Uint8Array(32).fill(9);
rememberKeychainOf(KEY, new MemoryKeychain());

const made: string[] = [];
const logs: ActivityLog[] = [];
after(async () => {
  await Promise.all(logs.map((log) => log.close()));
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'alk-activity-')));
  made.push(dir);
  return dir;
}

export function openWriter(
  file: string,
  settings: Partial<AuditSettings> = {},
  key: Uint8Array | undefined = KEY,
): AuditWriter {
  return AuditWriter.open(file, { ...DEFAULT_AUDIT_SETTINGS, fsync: 'never', ...settings }, key);
}

export const CLIENTS = ['claude-ai 0.12', 'Cursor 1.2'];
export const TOOLS = ['read_text_file', 'write_file', 'list_directory'];
export const FOLDERS = ['/home/ana/Notes', '/home/ana/Taxes'];
/** 2024-03-01T10:00:00Z, and one record a minute after it. */
export const START = Date.UTC(2024, 2, 1, 10, 0, 0);
const MINUTE = 60_000;

/**
 * Record `index` of the test log (0-based): client, tool, folder and outcome each go round
 * their list, so every combination is there and each is easy to count.
 */
export function entry(index: number): AuditEntry {
  const folder = FOLDERS[index % 2] as string;
  const outcome = index % 5 === 4 ? 'denied' : index % 7 === 6 ? 'error' : 'ok';
  return {
    event: 'tool_call',
    client: CLIENTS[index % 2] as string,
    transport: 'socket',
    tool: TOOLS[index % 3] as string,
    args: { path: `${folder}/file-${index}.txt` },
    paths: [`${folder}/file-${index}.txt`],
    workspace: folder,
    outcome,
    ...(outcome === 'ok'
      ? {}
      : { reason: `${outcome === 'denied' ? 'guarded' : 'not_found'}: no` }),
  };
}

/** Writes records `from`..`to - 1` of the test log at one a minute from START. */
export function writeEntries(writer: AuditWriter, from: number, to: number): void {
  for (let index = from; index < to; index++)
    writer.append(entry(index), new Date(START + index * MINUTE));
}

/** A log of `count` records in a new folder; returns the current file. */
export async function writtenLog(count: number, settings: Partial<AuditSettings> = {}) {
  const dir = await tempDir();
  const file = path.join(dir, 'audit.jsonl');
  const writer = openWriter(file, settings);
  writeEntries(writer, 0, count);
  writer.close();
  await writer.anchorSettled;
  return file;
}

export function activityLog(
  auditFile: string,
  options: Partial<ActivityLogOptions> = {},
): ActivityLog {
  const log = new ActivityLog({
    auditFile,
    macKey: KEY,
    log: capturedLog(),
    pollMs: 20,
    notifyMs: 30,
    ...options,
  });
  logs.push(log);
  return log;
}

export const everything = { filters: {}, limit: 100, offset: 0 } as const;
