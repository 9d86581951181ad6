import { z } from 'zod';
import { ActivityRecordSchema } from './activity-record.ts';

// What the activity viewer gets from main: pages of records, the filter menus, the state
// of the log and the result of checking its chain.

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

/** The values the filter menus offer: every client, tool and workspace the log names. */
export const ActivityFilterOptionsSchema = z.object({
  clients: z.array(z.string()),
  tools: z.array(z.string()),
  workspaces: z.array(z.string()),
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

/** Live tail: records were added to the log (by this app or another Airlock process). */
export const ActivityAddedSchema = z.object({
  /** Records added since the last event. */
  count: z.number().int().min(1),
  newestSeq: z.number().int().min(1),
});
export type ActivityAdded = z.infer<typeof ActivityAddedSchema>;
