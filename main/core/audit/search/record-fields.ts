import { isCallOutcome, type CallOutcome } from '../../../../preload/contract/vocabulary.ts';
import type { AuditRecordField } from '../../../../preload/contract/audit-record-fields.ts';

/**
 * The fields of a record the index keeps, read from a parsed JSON line without a full
 * schema check (the verifier does that; zod over a million lines would dominate the
 * build). A line is indexed when `seq`, `ts`, `event` and `outcome` have the right types;
 * an optional field of the wrong type counts as absent.
 */
export interface IndexedFields {
  readonly seq: number;
  readonly ts: string;
  readonly event: string;
  readonly outcome: CallOutcome;
  readonly client: string | undefined;
  readonly transport: string | undefined;
  readonly tool: string | undefined;
  readonly workspace: string | undefined;
  readonly reason: string | undefined;
  readonly paths: readonly unknown[] | undefined;
}

/** Compiles only while every field above is a field of the record, by the shared list. */
type RecordFieldsOnly<Field extends AuditRecordField> = Field;
export type IndexedFieldName = RecordFieldsOnly<keyof IndexedFields>;

export const OUTCOME_CODES: Readonly<Record<CallOutcome, number>> = { ok: 0, denied: 1, error: 2 };

export function indexedFields(value: unknown): IndexedFields | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const { seq, ts, event, outcome } = record;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  if (typeof ts !== 'string' || typeof event !== 'string') return undefined;
  if (!isCallOutcome(outcome)) return undefined;
  return {
    seq,
    ts,
    event,
    outcome,
    client: text(record.client),
    transport: text(record.transport),
    tool: text(record.tool),
    workspace: text(record.workspace),
    reason: text(record.reason),
    paths: Array.isArray(record.paths) ? record.paths : undefined,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The strings of `paths`, skipping anything that is not a string. */
export function pathStrings(paths: readonly unknown[] | undefined): string[] {
  if (paths === undefined) return [];
  return paths.filter((path): path is string => typeof path === 'string');
}

/**
 * Epoch milliseconds of a record's `ts`. The writer's own format (`toISOString`, 24
 * characters) is read digit by digit, which is several times faster than Date.parse over a
 * million lines; anything else goes to Date.parse. NaN when unreadable.
 */
export function timestampMs(ts: string): number {
  if (
    ts.length === 24 &&
    ts.charCodeAt(23) === 0x5a /* Z */ &&
    ts.charCodeAt(10) === 0x54 /* T */
  ) {
    const year = digits(ts, 0, 4);
    const month = digits(ts, 5, 2);
    const day = digits(ts, 8, 2);
    const hour = digits(ts, 11, 2);
    const minute = digits(ts, 14, 2);
    const second = digits(ts, 17, 2);
    const ms = digits(ts, 20, 3);
    if (
      year >= 1000 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      ms >= 0 &&
      ts.charCodeAt(4) === 0x2d &&
      ts.charCodeAt(7) === 0x2d &&
      ts.charCodeAt(13) === 0x3a &&
      ts.charCodeAt(16) === 0x3a &&
      ts.charCodeAt(19) === 0x2e
    ) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(ts);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The decimal number in ts[start, start + count), or -1 when a character is not a digit. */
function digits(ts: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = ts.charCodeAt(i) - 0x30;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}
