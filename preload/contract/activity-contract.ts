import { z } from 'zod';
import type { ActivityChannel } from '../ipc-channels.ts';
import {
  ActivityCheckSchema,
  ActivityFilterOptionsSchema,
  ActivityPageSchema,
  ActivityStateSchema,
} from './activity-views.ts';
import type { ChannelSchemas } from './channel-schemas.ts';
import { CallOutcomeSchema } from './vocabulary.ts';

/** Epoch milliseconds, as the window's time range sends them. */
const EpochMs = z.number().int().min(0).max(8_640_000_000_000_000);

/**
 * What the person narrows the activity list to. Every filter given must hold; an empty
 * text means no text filter. `workspace` is the workspace the record names; `event` its kind.
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
    workspace: z.string().min(1).max(4096).optional(),
    /** The kind of record: `approval` for the changes that waited for the person's OK. */
    event: z.string().min(1).max(64).optional(),
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

export const ActivityExportSchema = z.strictObject({
  filters: ActivityFiltersSchema.default({}),
  format: z.enum(['jsonl', 'csv']),
  /**
   * Only records older than this seq, as in the query: the list's own bound, so the file
   * holds the records the list shows and not those that arrived since.
   */
  beforeSeq: z.number().int().min(1).optional(),
});

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
