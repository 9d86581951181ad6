/**
 * The fields of an audit record, in the order the record's hash covers them, each with the
 * kind of value it holds. The log's schema is checked against this list; the window's view
 * of a record, the search index and the CSV export take their fields from it.
 */
export const AUDIT_RECORD_FIELDS = {
  seq: 'number',
  ts: 'text',
  event: 'text',
  client: 'text',
  keyName: 'text',
  transport: 'text',
  tool: 'text',
  args: 'object',
  paths: 'texts',
  workspace: 'text',
  outcome: 'outcome',
  reason: 'text',
  durationMs: 'number',
  bytesIn: 'number',
  bytesOut: 'number',
  correlationId: 'text',
  detail: 'object',
  prev: 'text',
  hash: 'text',
  mac: 'text',
} as const;

export type AuditRecordField = keyof typeof AUDIT_RECORD_FIELDS;
export type AuditFieldKind = (typeof AUDIT_RECORD_FIELDS)[AuditRecordField];

/** The fields, in the hash's order. */
export const AUDIT_FIELD_NAMES = Object.keys(AUDIT_RECORD_FIELDS) as readonly AuditRecordField[];
