import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ActivityCheck } from '../../../../preload/contract/activity-contract.ts';
import { exportAudit, type ExportFormat } from '../../audit/search/export.ts';

/**
 * Writes the exported records to `file`: first to a hidden file beside it, renamed into
 * place once complete, so a failed export never leaves half a file under the chosen name.
 */
export async function writeExportFile(
  file: string,
  lines: Iterable<string>,
  format: ExportFormat,
  verification: string,
): Promise<number> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.part`,
  );
  const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  try {
    const { records } = await exportAudit(lines, out, { format, verification });
    await rename(temporary, file);
    return records;
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The verification line an export carries, from the check it was made after. */
export function verificationLine(check: ActivityCheck): string {
  const upTo = `checked ${check.checkedAt} up to record ${check.lastSeq}`;
  switch (check.state) {
    case 'intact':
      return `ok (${check.checked} records, chain intact${check.anchored ? ', anchored' : ''}; ${upTo})`;
    case 'repairable':
      return `torn tail: the last record's write was interrupted (${upTo})`;
    case 'broken':
      return `FAILED: ${check.firstProblem?.message ?? check.message} (${upTo})`;
  }
}

/** The name the save dialog suggests, e.g. `airlock-activity-2026-11-26.csv`. */
export function suggestedExportName(format: ExportFormat, now: Date = new Date()): string {
  return `airlock-activity-${now.toISOString().slice(0, 10)}.${format}`;
}
