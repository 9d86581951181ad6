import type { ActivityFilters } from '../../../../preload/contract/activity-contract.ts';
import type { ActivityRecord } from '../../../../preload/contract/activity-record.ts';
import {
  AUDIT_FIELD_NAMES,
  AUDIT_RECORD_FIELDS,
  type AuditFieldKind,
} from '../../../../preload/contract/audit-record-fields.ts';
import { isCallOutcome } from '../../../../preload/contract/vocabulary.ts';
import type { AuditRecord } from '../../audit/audit-record.ts';
import type { AuditQuery } from '../../audit/search/audit-query.ts';

/** The window's filters as the search engine's query. */
export function auditQueryOf(filters: ActivityFilters): AuditQuery {
  return {
    ...(filters.text?.trim() ? { text: filters.text } : {}),
    ...(filters.since !== undefined ? { since: filters.since } : {}),
    ...(filters.until !== undefined ? { until: filters.until } : {}),
    ...(filters.client ? { client: filters.client } : {}),
    ...(filters.tool ? { tool: filters.tool } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.workspace ? { workspace: filters.workspace } : {}),
    ...(filters.event ? { event: filters.event } : {}),
  };
}

/**
 * A record read back from the log, in the contract's shape. The index keeps any line with a
 * seq, time, event and outcome; a field of the wrong type (a line someone edited) is left
 * out here rather than failing the whole page. The chain check reports such edits.
 */
export function activityRecordOf(record: AuditRecord): ActivityRecord {
  const source = record as unknown as Record<string, unknown>;
  const view: Record<string, unknown> = {};
  for (const field of AUDIT_FIELD_NAMES) {
    const value = valueOfKind(AUDIT_RECORD_FIELDS[field], source[field]);
    if (value !== undefined) view[field] = value;
  }
  return {
    ...view,
    seq: record.seq,
    ts: String(record.ts),
    event: String(record.event),
    outcome: isCallOutcome(record.outcome) ? record.outcome : 'error',
  } as ActivityRecord;
}

/** The value when it has the field's kind (only the strings of a list), else undefined. */
function valueOfKind(kind: AuditFieldKind, value: unknown): unknown {
  switch (kind) {
    case 'text':
      return typeof value === 'string' ? value : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'texts':
      return Array.isArray(value)
        ? value.filter((item): item is string => typeof item === 'string')
        : undefined;
    case 'object':
      return isPlainObject(value) ? value : undefined;
    case 'outcome':
      return isCallOutcome(value) ? value : undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
