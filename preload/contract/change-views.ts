import { z } from 'zod';
import { WorkspacePathSchema } from './vocabulary.ts';
import { CHANGE_ID } from './words/change-records.ts';

// What the window gets to show the changes agents made, to undo them, and to say what
// history holds. The window's words are "change" and "undo"; the core's records, kept
// contents and ids stay behind these views (an id is sent back, never shown).

/** A change's id: the tool call's correlation id, or an undo's own. */
export const ChangeIdSchema = z.string().regex(CHANGE_ID);

/** A path a change touched: its workspace, and the names below it joined with '/'. */
export const ChangedPathSchema = z.object({
  workspace: WorkspacePathSchema,
  path: z.string().min(1).max(32_768),
});
export type ChangedPath = z.infer<typeof ChangedPathSchema>;

/**
 * Whether a change can be undone now:
 * - `undoable`: yes (a preview says first whether anything changed since);
 * - `undone`: an undo already put it back (`undoneBy` names that undo);
 * - `not_undoable`: history could not keep what it replaced, or it stopped halfway;
 *   `reason` says why, in plain words;
 * - `in_progress`: it is still being made.
 */
export const CHANGE_STATES = ['undoable', 'undone', 'not_undoable', 'in_progress'] as const;
export const ChangeStateSchema = z.enum(CHANGE_STATES);
export type ChangeState = (typeof CHANGE_STATES)[number];

/** At most this many of a change's paths cross to the window; `pathCount` has them all. */
export const PATHS_SHOWN = 20;

export const ChangeViewSchema = z.object({
  id: ChangeIdSchema,
  /**
   * The tool that made it (`write_file`, `edit_file`, `move_file`, `delete_file`,
   * `create_directory`), `restore` for an undo the person made, or `undo_change` for one an
   * agent made of its own change.
   */
  tool: z.string().min(1).max(100),
  /** When it was made, ISO 8601. */
  at: z.string(),
  /** The client's name and version, as recorded. */
  client: z.string().max(200).optional(),
  /** The client's name alone, for headings: "Claude Desktop". */
  app: z.string().max(200).optional(),
  session: z.string().max(200).optional(),
  /** The paths it touched; a move's source, then its destination. */
  paths: z.array(ChangedPathSchema).max(PATHS_SHOWN),
  pathCount: z.number().int().min(0),
  state: ChangeStateSchema,
  /** Why it cannot be undone, when `state` is `not_undoable`. */
  reason: z.string().max(1000).optional(),
  /** For an undo: the change it undid. */
  undoes: ChangeIdSchema.optional(),
  /** The undo that put this change back, once one did. */
  undoneBy: ChangeIdSchema.optional(),
});
export type ChangeView = z.infer<typeof ChangeViewSchema>;

/** One line of a text diff, from what is there now to what the undo puts back. */
export const DiffLineSchema = z.discriminatedUnion('op', [
  /** Stays as it is. */
  z.object({ op: z.literal('same'), text: z.string() }),
  /** Is there now, and the undo takes it out. */
  z.object({ op: z.literal('removed'), text: z.string() }),
  /** Is not there now, and the undo brings it back. */
  z.object({ op: z.literal('added'), text: z.string() }),
  /** Lines that stay as they are, left out of the preview. */
  z.object({ op: z.literal('skipped'), count: z.number().int().min(1) }),
]);
export type DiffLine = z.infer<typeof DiffLineSchema>;

/**
 * What the undo does at one path:
 * - `restore`: the earlier version is written back over what is there now;
 * - `remove`: the change made it (it was not there before), so it goes; it is kept in
 *   history, and the undo can itself be undone;
 * - `bring_back`: the change deleted or replaced it, so it comes back;
 * - `move_back`: the change moved it, so it goes back to `to`.
 */
export const UNDO_EFFECTS = ['restore', 'remove', 'bring_back', 'move_back'] as const;
export const UndoEffectSchema = z.enum(UNDO_EFFECTS);
export type UndoEffect = (typeof UNDO_EFFECTS)[number];

/** A size in bytes, or null when there is nothing at the path (before or after). */
const SizeSchema = z.number().int().min(0).nullable();

const pathPreview = {
  path: ChangedPathSchema,
  effect: UndoEffectSchema,
  /** For `move_back`: where it goes. */
  to: ChangedPathSchema.optional(),
};

/** What the undo would do at one path, shown before the person says yes. */
export const PathPreviewSchema = z.discriminatedUnion('kind', [
  /** A text file: the lines that change. */
  z.object({
    kind: z.literal('text'),
    ...pathPreview,
    lines: z.array(DiffLineSchema).max(5000),
    /** The diff was longer than the preview shows. */
    cut: z.boolean(),
  }),
  /** Anything else kept as a file: its type in words, and its size now and after the undo. */
  z.object({
    kind: z.literal('file'),
    ...pathPreview,
    /** "PNG image", "PDF document", "file". */
    type: z.string().max(100),
    sizeNow: SizeSchema,
    sizeAfter: SizeSchema,
  }),
  /** A folder: the files in it that the undo brings back or takes away. */
  z.object({
    kind: z.literal('folder'),
    ...pathPreview,
    files: z.array(z.string()).max(500),
    /** It holds more files than those listed. */
    more: z.boolean(),
  }),
  /** A path whose content the preview does not look into: a link, or a move. */
  z.object({ kind: z.literal('other'), ...pathPreview }),
]);
export type PathPreview = z.infer<typeof PathPreviewSchema>;

/** What undoing one change would do, read with nothing changed. */
export const UndoPreviewSchema = z.object({
  change: ChangeViewSchema,
  /**
   * What changed since the change, one sentence each. With any, an undo is refused unless
   * the person undoes it anyway; what is there now is then kept in history first.
   */
  conflicts: z.array(z.string()),
  paths: z.array(PathPreviewSchema),
});
export type UndoPreview = z.infer<typeof UndoPreviewSchema>;

/** An undo done: its own record (which can be undone in turn), and the change it undid. */
export const UndoResultSchema = z.object({
  undo: ChangeViewSchema,
  undone: ChangeViewSchema,
});
export type UndoResult = z.infer<typeof UndoResultSchema>;

/**
 * Which changes make one group: one client's run of changes in one session, or the
 * person's own undos. Sent back as it came to undo the group; main undoes exactly these.
 */
export const ChangeGroupRefSchema = z.strictObject({
  client: z.string().min(1).max(200).optional(),
  session: z.string().min(1).max(200).optional(),
  /** The person's own undos, made in Airlock, rather than an agent's changes. */
  byPerson: z.boolean(),
  /** The group's first and last change, ISO 8601: both included. */
  since: z.iso.datetime(),
  until: z.iso.datetime(),
});
export type ChangeGroupRef = z.infer<typeof ChangeGroupRefSchema>;

/** At most this many changes of a group cross to the window; `changeCount` has them all. */
export const GROUP_CHANGES_SHOWN = 200;

/** "Claude Desktop changed 4 files in Taxes 2024 between 10:02 and 10:09". */
export const ChangeGroupSchema = z.object({
  ref: ChangeGroupRefSchema,
  client: z.string().max(200).optional(),
  app: z.string().max(200).optional(),
  session: z.string().max(200).optional(),
  /** The changes are the person's own undos, made in Airlock rather than by an agent. */
  byPerson: z.boolean(),
  /** The workspaces its changes touched. */
  workspaces: z.array(WorkspacePathSchema),
  /** Distinct paths its changes touched. */
  fileCount: z.number().int().min(0),
  changeCount: z.number().int().min(0),
  /** How many of its changes can be undone now. */
  undoableCount: z.number().int().min(0),
  /** Its first and last change, ISO 8601. */
  first: z.string(),
  last: z.string(),
  /** Newest first. */
  changes: z.array(ChangeViewSchema).max(GROUP_CHANGES_SHOWN),
});
export type ChangeGroup = z.infer<typeof ChangeGroupSchema>;

export const ChangeGroupsSchema = z.object({
  /** Newest group first. */
  groups: z.array(ChangeGroupSchema),
  /** Older groups were left out. */
  more: z.boolean(),
});
export type ChangeGroups = z.infer<typeof ChangeGroupsSchema>;

/** What "Undo all" would undo, asked before anything changes. */
export const GroupUndoPlanSchema = z.object({
  /** The changes it undoes, newest first: the order it undoes them in. */
  changes: z.array(ChangeViewSchema),
});
export type GroupUndoPlan = z.infer<typeof GroupUndoPlanSchema>;

/** What "Undo all" did. */
export const GroupUndoResultSchema = z.object({
  /** How many changes it undid. */
  undone: z.number().int().min(0),
  /** The change it stopped at, and why; it and the older ones were left as they are. */
  stoppedAt: z
    .object({
      change: ChangeViewSchema,
      message: z.string(),
      /** What changed since, when that is why: undoing anyway keeps those versions first. */
      conflicts: z.array(z.string()),
    })
    .optional(),
});
export type GroupUndoResult = z.infer<typeof GroupUndoResultSchema>;

/** What history holds, for the Settings section. */
export const HistoryUsageSchema = z.object({
  /** How many changes it holds. */
  changes: z.number().int().min(0),
  /** What it keeps on disk, in bytes. */
  bytes: z.number().int().min(0),
  /** What it may hold now: the total cap, or less when the disk is nearly full. */
  budgetBytes: z.number().int().min(0),
  /** The disk, not the setting, sets `budgetBytes` now. */
  limitedByDisk: z.boolean(),
});
export type HistoryUsage = z.infer<typeof HistoryUsageSchema>;
