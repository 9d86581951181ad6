import { z } from 'zod';
import {
  AfterStateSchema,
  ByteCountSchema,
  ChangeIdSchema,
  ChangeRecordSchema,
  ChangeStatusSchema,
  Sha256Schema,
  type ChangeRecord,
  type ChangeStep,
} from './change-record.ts';

/**
 * A change's record on disk, `changes/<id>.json`, is written once and then only appended
 * to: its first line is the record as begun (flushed before the change), each later line an
 * update (the change finished, failed, or was undone). An append never rewrites what is
 * there, so no crash can tear the lines before it; a torn last line is simply not read, and
 * the record is what it was before that update. (Replacing the file instead costs a flush
 * on every update: ext4 flushes a file renamed over another.)
 */
/** What a `staged` step kept, hashed once the change was made. */
export const KeptHashSchema = z.object({ sha256: Sha256Schema, size: ByteCountSchema });
export type KeptHash = z.infer<typeof KeptHashSchema>;

export const ChangeUpdateSchema = z.object({
  status: ChangeStatusSchema.optional(),
  undoable: z.boolean().optional(),
  reason: z.string().max(500).optional(),
  restoredBy: ChangeIdSchema.optional(),
  /** What each step left, in the steps' order; null where it is not known. */
  after: z.array(AfterStateSchema.nullable()).optional(),
  /**
   * For each `staged` step, in the steps' order, the hash of what it kept: it becomes a
   * `file` step; null where what was kept could not be read back, and it becomes `unkept`.
   * Null for any other step.
   */
  kept: z.array(KeptHashSchema.nullable()).optional(),
});
export type ChangeUpdate = z.infer<typeof ChangeUpdateSchema>;

/** The first line of a record file. */
export function recordLine(record: ChangeRecord): string {
  return `${JSON.stringify(ChangeRecordSchema.parse(record))}\n`;
}

/**
 * One update line. It starts with a line break too, so that it stands on a line of its
 * own even after a torn line that never got its end.
 */
export function updateLine(update: ChangeUpdate): string {
  return `\n${JSON.stringify(ChangeUpdateSchema.parse(update))}\n`;
}

/** The record in a file's text with its updates applied, or undefined when it cannot be read. */
export function parseRecordFile(text: string): ChangeRecord | undefined {
  const [first, ...rest] = text.split('\n');
  const begun = ChangeRecordSchema.safeParse(parseJson(first ?? ''));
  if (!begun.success) return undefined;
  let record = begun.data;
  for (const line of rest) {
    if (line.trim() === '') continue;
    const update = ChangeUpdateSchema.safeParse(parseJson(line));
    if (update.success) record = applyUpdate(record, update.data);
  }
  return ChangeRecordSchema.safeParse(record).data;
}

/**
 * Whether a file's first line was cut off while it was written: the record of a change that
 * was never made. (A whole line from a newer Airlock is not torn, and stays.)
 */
export function isTornRecordFile(text: string): boolean {
  return parseJson(text.split('\n')[0] ?? '') === undefined;
}

/** The record as it is once `update` applies. */
export function applyUpdate(record: ChangeRecord, update: ChangeUpdate): ChangeRecord {
  const { after, kept, ...fields } = update;
  const steps = record.steps.map((begun, index) => {
    const step = kept ? hashedStep(begun, kept[index]) : begun;
    const left = after?.[index];
    return left ? { ...step, after: left } : step;
  });
  return { ...record, ...fields, steps };
}

/** A `staged` step once its content is hashed (`kept`), or lost (null); others as they are. */
function hashedStep(step: ChangeStep, kept: KeptHash | null | undefined): ChangeStep {
  if (step.kind !== 'staged' || kept === undefined) return step;
  const { at, mode } = step;
  if (kept === null) return { kind: 'unkept', at, what: 'file', bytes: step.size };
  return { kind: 'file', at, sha256: kept.sha256, size: kept.size, mode };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
