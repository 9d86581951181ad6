import { AuditRecordSchema, type AuditRecord } from './audit-record.ts';
import { chainHash } from './chain.ts';

/** A line parsed as a record whose own hash is right; anything else is undefined. */
export function parseSoundRecord(line: string): AuditRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = AuditRecordSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return chainHash(parsed.data) === parsed.data.hash ? parsed.data : undefined;
}
