import type {
  ActivityFilters,
  ActivityRecord,
} from '../../../../preload/contract/activity-contract.ts';
import type { AuditRecord } from '../../audit/audit-record.ts';
import type { AuditQuery } from '../../audit/search/audit-query.ts';
import { isCallOutcome } from '../../../../preload/contract/vocabulary.ts';

/** The window's filters as the search engine's query (`folder` is the record's workspace). */
export function auditQueryOf(filters: ActivityFilters): AuditQuery {
  return {
    ...(filters.text?.trim() ? { text: filters.text } : {}),
    ...(filters.since !== undefined ? { since: filters.since } : {}),
    ...(filters.until !== undefined ? { until: filters.until } : {}),
    ...(filters.client ? { client: filters.client } : {}),
    ...(filters.tool ? { tool: filters.tool } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.folder ? { workspace: filters.folder } : {}),
  };
}

const STRING_FIELDS = [
  'client',
  'keyName',
  'transport',
  'tool',
  'workspace',
  'reason',
  'correlationId',
  'prev',
  'hash',
  'mac',
] as const;
const NUMBER_FIELDS = ['durationMs', 'bytesIn', 'bytesOut'] as const;

/**
 * A record read back from the log, in the contract's shape. The index keeps any line with a
 * seq, time, event and outcome; a field of the wrong type (a line someone edited) is left
 * out here rather than failing the whole page. The chain check reports such edits.
 */
export function activityRecordOf(record: AuditRecord): ActivityRecord {
  const source = record as unknown as Record<string, unknown>;
  const view: Record<string, unknown> = {
    seq: record.seq,
    ts: String(record.ts),
    event: String(record.event),
    outcome: isCallOutcome(record.outcome) ? record.outcome : 'error',
  };
  for (const field of STRING_FIELDS) {
    if (typeof source[field] === 'string') view[field] = source[field];
  }
  for (const field of NUMBER_FIELDS) {
    if (typeof source[field] === 'number' && Number.isFinite(source[field]))
      view[field] = source[field];
  }
  if (Array.isArray(source.paths))
    view.paths = source.paths.filter((path): path is string => typeof path === 'string');
  if (isPlainObject(source.args)) view.args = source.args;
  if (isPlainObject(source.detail)) view.detail = source.detail;
  return view as ActivityRecord;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
