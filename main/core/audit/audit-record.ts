import { z } from 'zod';
import { CallOutcomeSchema } from '../../../preload/contract/vocabulary.ts';
import type { AuditRecordField } from '../../../preload/contract/audit-record-fields.ts';

/**
 * What happened: one record per tool call, refused call, auth failure, approval or settings
 * change, and per restore the person asked for (an agent's undo_change is a tool_call).
 */
export const AuditEventSchema = z.enum([
  'tool_call',
  'auth_failure',
  'settings_change',
  'approval',
  'audit_recovery',
  'restore',
]);
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditTransportSchema = z.enum(['stdio', 'socket', 'http', 'app', 'cli']);

/**
 * One line of the audit log. Field order here is the canonical order the hash covers, the
 * order of the shared field list (a test holds the two equal). Nothing in a record is ever
 * a secret or file content: arguments are redacted, and content appears only as sizes and
 * hashes.
 */
export const AuditRecordSchema = z.object({
  seq: z.number().int().min(1),
  /** UTC, ISO 8601 with milliseconds. */
  ts: z.string(),
  event: AuditEventSchema,
  /** The client's own name from MCP clientInfo, e.g. "claude-ai 0.12". */
  client: z.string().optional(),
  /** The name of the key that authenticated, never the key. */
  keyName: z.string().optional(),
  transport: AuditTransportSchema.optional(),
  tool: z.string().optional(),
  /** Arguments with secrets masked and file contents replaced by size and hash. */
  args: z.record(z.string(), z.unknown()).optional(),
  /** Real paths the call touched, all inside a workspace. */
  paths: z.array(z.string()).optional(),
  workspace: z.string().optional(),
  outcome: CallOutcomeSchema,
  /** A short, safe reason: a policy code and message, never a stack trace. */
  reason: z.string().optional(),
  durationMs: z.number().min(0).optional(),
  bytesIn: z.number().int().min(0).optional(),
  bytesOut: z.number().int().min(0).optional(),
  /** The id the client saw in its error, joining a record to the diagnostics log. */
  correlationId: z.string().optional(),
  /** Extra detail for non-tool events (settings keys changed, approval decision). */
  detail: z.record(z.string(), z.unknown()).optional(),
  /** SHA-256 (hex) of the previous record's line; 64 zeros for the first record ever. */
  prev: z.string().regex(/^[0-9a-f]{64}$/),
  /** SHA-256 (hex) over `prev` and the canonical record without `hash` and `mac`. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** HMAC-SHA-256 (hex) of `hash` under the keychain-held audit key, when one is available. */
  mac: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
} satisfies Record<AuditRecordField, z.ZodType>);

export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** A record as a caller describes it, before the log numbers, stamps and chains it. */
export type AuditEntry = Omit<AuditRecord, 'seq' | 'ts' | 'prev' | 'hash' | 'mac'>;

export const GENESIS_HASH = '0'.repeat(64);
