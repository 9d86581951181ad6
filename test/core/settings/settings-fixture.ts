// A throwaway data dir per test, and a recorder that keeps the audit entries a store writes.
import { mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { AuditEntry } from '../../../main/core/audit/audit-record.ts';

const made: string[] = [];
after(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function makeDataDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-settings-')));
  made.push(dir);
  return dir;
}

export function configFile(dataDir: string): string {
  return path.join(dataDir, 'config.json');
}

export async function writeConfig(dataDir: string, content: unknown): Promise<void> {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  await writeFile(configFile(dataDir), text);
}

export async function readConfig(dataDir: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(configFile(dataDir), 'utf8')) as Record<string, unknown>;
}

export async function filesIn(dataDir: string): Promise<string[]> {
  return (await readdir(dataDir)).sort();
}

export interface Recorder {
  readonly entries: AuditEntry[];
  readonly record: (entry: AuditEntry) => Promise<void>;
}

export function recorder(): Recorder {
  const entries: AuditEntry[] = [];
  return { entries, record: async (entry) => void entries.push(entry) };
}

/** A fixed clock, so the set-aside file's name is known. */
export const AT_NOON = () => new Date('2026-03-04T12:00:00.123Z');
export const SET_ASIDE_NAME = 'config.corrupt-2026-03-04T12-00-00-123Z.json';
