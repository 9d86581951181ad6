import { z } from 'zod';
import type { ChangeChannel } from '../ipc-channels.ts';
import {
  ChangeGroupRefSchema,
  ChangeGroupsSchema,
  ChangeIdSchema,
  ChangeViewSchema,
  GroupUndoPlanSchema,
  GroupUndoResultSchema,
  HistoryUsageSchema,
  UndoPreviewSchema,
  UndoResultSchema,
} from './change-views.ts';
import type { ChannelSchemas } from './channel-schemas.ts';

const ById = z.strictObject({ id: ChangeIdSchema });

/**
 * Undo in Activity, the Changes section, and history in Settings. Every undo goes through
 * the core's one restore service, as the command line's does: main previews, undoes and
 * empties; the window only asks.
 */
export const changesContract = {
  /** The changes grouped by client and session, newest group first. */
  listChangeGroups: {
    request: z.strictObject({ limit: z.number().int().min(1).max(500).default(50) }).default({
      limit: 50,
    }),
    response: ChangeGroupsSchema,
  },
  /** One change, by the id its activity record names; null when history does not hold it. */
  getChange: { request: ById, response: ChangeViewSchema.nullable() },
  /** What undoing the change would do, and what changed since it; nothing is changed. */
  previewUndo: { request: ById, response: UndoPreviewSchema },
  /**
   * Undoes the change. With something changed since, it is refused (`conflict`) unless
   * `force`: what is there now is then kept in history first, so nothing is lost.
   */
  undoChange: {
    request: z.strictObject({ id: ChangeIdSchema, force: z.boolean().default(false) }),
    response: UndoResultSchema,
  },
  /** What "Undo all" of a group would undo, newest first; nothing is changed. */
  planGroupUndo: {
    request: z.strictObject({ group: ChangeGroupRefSchema }),
    response: GroupUndoPlanSchema,
  },
  /** Undoes a group's changes, newest first, stopping at the first that cannot be undone. */
  undoGroup: {
    request: z.strictObject({ group: ChangeGroupRefSchema, force: z.boolean().default(false) }),
    response: GroupUndoResultSchema,
  },
  historyUsage: { request: z.undefined(), response: HistoryUsageSchema },
  /** Removes every change history holds (none can be undone after); answers what is left. */
  emptyHistory: { request: z.undefined(), response: HistoryUsageSchema },
} as const satisfies Record<ChangeChannel, ChannelSchemas>;
