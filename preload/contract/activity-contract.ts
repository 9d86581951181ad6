import { z } from 'zod';
import type { ActivityChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';
import { CallOutcomeSchema } from './vocabulary.ts';

/** Epoch milliseconds, as the window's time range sends them. */
const EpochMs = z.number().int().min(0).max(8_640_000_000_000_000);

/**
 * What the person narrows the activity list to. Every filter given must hold; an empty
 * text means no text filter. `folder` is the workspace the record names.
 */
export const ActivityFiltersSchema = z
  .strictObject({
    text: z.string().max(500).optional(),
    /** Inclusive, epoch ms. */
    since: EpochMs.optional(),
    /** Exclusive, epoch ms. */
    until: EpochMs.optional(),
    client: z.string().min(1).max(1000).optional(),
    tool: z.string().min(1).max(200).optional(),
    outcome: CallOutcomeSchema.optional(),
    folder: z.string().min(1).max(4096).optional(),
  })
  .refine(
    (filters) =>
      filters.since === undefined || filters.until === undefined || filters.since < filters.until,
    {
      message: 'the start of the time range must be before its end',
      path: ['until'],
    },
  );
export type ActivityFilters = z.infer<typeof ActivityFiltersSchema>;

/**
 * One audit record as the window shows it: every field of the record, each present only
 * when it has the type the log's schema gives it. Redacted values arrive as the log holds
 * them (`[REDACTED]`, `[REDACTED:<kind>]`); the window shows them as redactions.
 */
export const ActivityRecordSchema = z.object({
  seq: z.number().int().min(1),
  ts: z.string(),
  event: z.string(),
  outcome: CallOutcomeSchema,
  client: z.string().optional(),
  keyName: z.string().optional(),
  transport: z.string().optional(),
  tool: z.string().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
  paths: z.array(z.string()).optional(),
  workspace: z.string().optional(),
  reason: z.string().optional(),
  durationMs: z.number().optional(),
  bytesIn: z.number().optional(),
  bytesOut: z.number().optional(),
  correlationId: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
  prev: z.string().optional(),
  hash: z.string().optional(),
  mac: z.string().optional(),
});
export type ActivityRecord = z.infer<typeof ActivityRecordSchema>;

export const ACTIVITY_PAGE_LIMIT = 500;

export const ActivityQuerySchema = z.strictObject({
  filters: ActivityFiltersSchema.default({}),
  limit: z.number().int().min(1).max(ACTIVITY_PAGE_LIMIT).default(100),
  /** Matching records to skip (below `cursor` or `beforeSeq`, when given). */
  offset: z.number().int().min(0).max(1_000_000_000).default(0),
  /** `nextCursor` of the page before. */
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
  /**
   * Only records older than this seq: the list keeps its places while newer records
   * arrive (the window passes `newestSeq + 1` of its first page).
   */
  beforeSeq: z.number().int().min(1).optional(),
});

export const ActivityPageSchema = z.object({
  /** Newest first. */
  records: z.array(ActivityRecordSchema),
  /** Every record matching the filters, over the whole log (not only below a cursor). */
  totalMatched: z.number().int().min(0),
  nextCursor: z.string().optional(),
  /** The newest seq the log held when this page was read; 0 for an empty log. */
  newestSeq: z.number().int().min(0),
});
export type ActivityPage = z.infer<typeof ActivityPageSchema>;

/** The values the filter menus offer: every client, tool and folder the log names. */
export const ActivityFilterOptionsSchema = z.object({
  clients: z.array(z.string()),
  tools: z.array(z.string()),
  folders: z.array(z.string()),
});
export type ActivityFilterOptions = z.infer<typeof ActivityFilterOptionsSchema>;

export const ActivityProblemSchema = z.object({
  kind: z.string(),
  file: z.string(),
  line: z.number().int().optional(),
  seq: z.number().int().optional(),
  /** The checker's own words, for the technical details. */
  message: z.string(),
});

/** The result of checking the log's hash chain. */
export const ActivityCheckSchema = z.object({
  /** intact: every record as written. repairable: only an interrupted last write. broken: changed outside Airlock. */
  state: z.enum(['intact', 'repairable', 'broken']),
  /** Records checked. */
  checked: z.number().int().min(0),
  /** The newest record checked. */
  lastSeq: z.number().int().min(0),
  checkedAt: z.string(),
  /** Whether the log reached the note of its last record kept in the system keychain (so a deleted or cut-short log would show). */
  anchored: z.boolean(),
  /** In plain words: what was found. */
  message: z.string(),
  /** In plain words: what it means and what to do, when something is wrong. */
  advice: z.string().optional(),
  firstProblem: ActivityProblemSchema.optional(),
});
export type ActivityCheck = z.infer<typeof ActivityCheckSchema>;

export const ActivityStateSchema = z.object({
  /** The log has been read and can be searched. Queries sent before wait for it. */
  ready: z.boolean(),
  /** Records the window can search now. */
  records: z.number().int().min(0),
  /** The last check of this run, if one was made. */
  check: ActivityCheckSchema.nullable(),
  /** Why the log could not be read, in plain words, when it could not. */
  problem: z.string().optional(),
});
export type ActivityState = z.infer<typeof ActivityStateSchema>;

export const ActivityExportSchema = z.strictObject({
  filters: ActivityFiltersSchema.default({}),
  format: z.enum(['jsonl', 'csv']),
  /**
   * Only records older than this seq, as in the query: the list's own bound, so the file
   * holds the records the list shows and not those that arrived since.
   */
  beforeSeq: z.number().int().min(1).optional(),
});

/** Live tail: records were added to the log (by this app or another Airlock process). */
export const ActivityAddedSchema = z.object({
  /** Records added since the last event. */
  count: z.number().int().min(1),
  newestSeq: z.number().int().min(1),
});
export type ActivityAdded = z.infer<typeof ActivityAddedSchema>;

export const activityContract = {
  queryActivity: { request: ActivityQuerySchema, response: ActivityPageSchema },
  activityFilters: { request: z.undefined(), response: ActivityFilterOptionsSchema },
  activityState: { request: z.undefined(), response: ActivityStateSchema },
  verifyActivity: { request: z.undefined(), response: ActivityCheckSchema },
  exportActivity: {
    request: ActivityExportSchema,
    /** null when the person cancelled the save dialog. */
    response: z.object({ file: z.string(), count: z.number().int().min(0) }).nullable(),
  },
} as const satisfies Record<ActivityChannel, ChannelSchemas>;
