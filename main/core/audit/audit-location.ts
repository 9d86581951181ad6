import path from 'node:path';

/** The current audit file: --audit-log, or `audit/audit.jsonl` in the data dir. */
export function auditLogPath(flag: string | undefined, dataDir: string): string {
  return path.resolve(flag ?? path.join(dataDir, 'audit', 'audit.jsonl'));
}
