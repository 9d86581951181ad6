import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { AuditFiles } from '../audit/audit-files.ts';
import { parseSoundRecord } from '../audit/audit-line.ts';
import type { AuditRecord } from '../audit/audit-record.ts';
import { readAuditTail } from '../audit/audit-tail.ts';

export type FoundRecord =
  | { readonly found: true; readonly record: AuditRecord }
  /** `damaged`: a line with that number is there, but fails its own hash. */
  | { readonly found: false; readonly damaged: boolean };

/**
 * Audit record number `seq` from the log whose current file is `auditFile`, or its rotated
 * files: the newest file that can hold it (by its first and last records) is read line by
 * line until the record. Only a record that passes its own hash is given: a person restores
 * by what the line says, so a line edited outside Airlock is not taken at its word.
 */
export async function auditRecordBySeq(auditFile: string, seq: number): Promise<FoundRecord> {
  const chain = new AuditFiles(auditFile).chain();
  const prefix = `{"seq":${seq},`;
  for (const file of [...chain].reverse()) {
    const tail = readAuditTail(file);
    if (tail.size === 0 || (tail.last && tail.last.seq < seq)) continue;
    if (tail.first && tail.first.seq > seq) continue;
    const line = await lineStartingWith(file, prefix);
    if (line === undefined) continue;
    const record = parseSoundRecord(line);
    return record?.seq === seq ? { found: true, record } : { found: false, damaged: true };
  }
  return { found: false, damaged: false };
}

async function lineStartingWith(file: string, prefix: string): Promise<string | undefined> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.startsWith(prefix)) return line;
  } catch (error) {
    // Rotated away since its tail was read.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    lines.close();
  }
  return undefined;
}
