// Appends through the real audit path (AuditLog -> winston -> synchronous transport -> hash
// chain with MACs -> file and head), against a plain appendFileSync of the same lines as the
// floor, measured in the same run.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditLog } from '../../main/core/audit/audit-log.ts';
import type { AuditEntry } from '../../main/core/audit/audit-record.ts';
import { DEFAULT_AUDIT_SETTINGS } from '../../main/core/audit/audit-settings.ts';
import { AuditWriter } from '../../main/core/audit/audit-writer.ts';

export interface AppendFigures {
  readonly recordsPerSecond: number;
  readonly floorPerSecond: number;
}

/** A typical record: a read of one file. */
export const BENCH_ENTRY: AuditEntry = {
  event: 'tool_call',
  client: 'claude-ai 0.12.3',
  transport: 'stdio',
  tool: 'read_text_file',
  args: { path: '/Users/sam/Documents/Notes/2026/plans.md' },
  paths: ['/Users/sam/Documents/Notes/2026/plans.md'],
  workspace: '/Users/sam/Documents/Notes',
  outcome: 'ok',
  durationMs: 0.42,
  bytesIn: 52,
  bytesOut: 2048,
  correlationId: '5f1c2a9e0b7d',
};

export async function measureAppends(count: number): Promise<AppendFigures> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-append-bench-'));
  try {
    const log = new AuditLog(
      AuditWriter.open(
        path.join(directory, 'audit.jsonl'),
        DEFAULT_AUDIT_SETTINGS,
        new Uint8Array(32).fill(1),
      ),
    );
    let lastLine = '';
    const started = performance.now();
    for (let index = 0; index < count; index += 1)
      lastLine = JSON.stringify(await log.record(BENCH_ENTRY));
    const elapsed = performance.now() - started;
    log.close();

    const floorFile = path.join(directory, 'floor.jsonl');
    const floorStarted = performance.now();
    for (let index = 0; index < count; index += 1) appendFileSync(floorFile, `${lastLine}\n`);
    const floorElapsed = performance.now() - floorStarted;
    return {
      recordsPerSecond: (count / elapsed) * 1000,
      floorPerSecond: (count / floorElapsed) * 1000,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
