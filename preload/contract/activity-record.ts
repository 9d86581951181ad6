import { z } from 'zod';
import {
  AUDIT_FIELD_NAMES,
  AUDIT_RECORD_FIELDS,
  type AuditFieldKind,
  type AuditRecordField,
} from './audit-record-fields.ts';
import { CallOutcomeSchema } from './vocabulary.ts';

/** Each kind of field as the window takes it. */
const FIELD_VIEWS = {
  number: z.number(),
  text: z.string(),
  texts: z.array(z.string()),
  object: z.record(z.string(), z.unknown()),
  outcome: CallOutcomeSchema,
} as const satisfies Record<AuditFieldKind, z.ZodType>;

type OptionalFields = {
  [F in AuditRecordField]: z.ZodOptional<(typeof FIELD_VIEWS)[(typeof AUDIT_RECORD_FIELDS)[F]]>;
};

const optionalFields = Object.fromEntries(
  AUDIT_FIELD_NAMES.map((field) => [field, FIELD_VIEWS[AUDIT_RECORD_FIELDS[field]].optional()]),
) as OptionalFields;

/**
 * One audit record as the window shows it: every field of the record, each present only
 * when it has the type the log's schema gives it. Redacted values arrive as the log holds
 * them (`[REDACTED]`, `[REDACTED:<kind>]`); the window shows them as redactions.
 */
export const ActivityRecordSchema = z.object(optionalFields).extend({
  /** Every record the index keeps has these four. */
  seq: z.number().int().min(1),
  ts: z.string(),
  event: z.string(),
  outcome: CallOutcomeSchema,
});
export type ActivityRecord = z.infer<typeof ActivityRecordSchema>;
