import { z } from 'zod';
import { CHANGE_ID } from '../../../preload/contract/words/change-records.ts';

/**
 * What history keeps about one change: who made it and when, and for every path it touched
 * the state just before (enough to put it back) and the state it left (to tell, at restore
 * time, whether the path changed again since). Stored as `history/changes/<id>.json`.
 */

/** Bumped when a record's meaning changes; a reader refuses versions it does not know. */
export const CHANGE_RECORD_VERSION = 1;

/** The tool call's correlation id, or one made for a restore. Also a file name, so no dots or slashes. */
export const ChangeIdSchema = z.string().regex(CHANGE_ID);

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
export const ByteCountSchema = z.number().int().nonnegative();
const ModeSchema = z.number().int().min(0).max(0o7777);
/** A name inside the change's own payload folder. */
const PayloadNameSchema = z.string().regex(/^[a-z0-9-]{1,40}$/);

function isRelativeInside(relative: string): boolean {
  if (relative === '') return false;
  return relative
    .split('/')
    .every(
      (segment) => segment !== '' && segment !== '.' && segment !== '..' && !/[\\\0]/.test(segment),
    );
}

/**
 * A path as the workspace root it was in and the segments below it, joined with '/'. A
 * restore joins them again and resolves the result through the policy in force then, so a
 * workspace no longer shared, or a link put on the way since, is noticed.
 */
export const LocationSchema = z.object({
  root: z.string().min(1),
  path: z.string().refine(isRelativeInside, 'a relative path below the workspace root'),
});
export type Location = z.infer<typeof LocationSchema>;

/** What kind of entry a path held: a regular file, a folder, or a symbolic link itself. */
export const EntryKindSchema = z.enum(['file', 'folder', 'link']);
export type EntryKind = z.infer<typeof EntryKindSchema>;

/**
 * What a path held once the change was made. A file is known by its hash (or, past the
 * per-file cap, which nothing is hashed beyond, by its identity); a link by its target; a
 * folder by being one. A folder's content is judged entry by entry, by the changes made in
 * it; and its identity would not last: a folder put back across disks is a copy.
 */
export const AfterStateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    size: ByteCountSchema,
    sha256: Sha256Schema.optional(),
    dev: z.number().optional(),
    ino: z.number().optional(),
  }),
  z.object({ kind: z.literal('folder') }),
  z.object({ kind: z.literal('link'), target: z.string() }),
  z.object({ kind: z.literal('absent') }),
  /** A pipe, socket or device: never made by a tool, so any restore over it is a conflict. */
  z.object({ kind: z.literal('special') }),
]);
export type AfterState = z.infer<typeof AfterStateSchema>;

const after = { after: AfterStateSchema.optional() };

/**
 * One path's state before the change, and the state the change left it in (`after`, set
 * when the change is finished). The kinds, each with what a restore does with it:
 * - `file`: a file whose content is kept in the content store: written back.
 * - `staged`: a file whose content is kept, staged beside the record, and not hashed yet:
 *   its hash is work for after the change (a megabyte's hash, made while the new content
 *   is written, slows that write by a tenth). Only a pending record holds one: the closing
 *   line gives its hash, and it reads as `file` from then on (record-file.ts).
 * - `absent`: nothing was there (a new file or folder): what is there now is removed.
 * - `deleted`: a file, folder or link moved into the change's payload folder: put back.
 * - `moved`: something moved from `from` to `to`, with its identity: moved back.
 * - `unkept`: something history could not keep (over a cap): the change cannot be undone.
 */
export const ChangeStepSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    at: LocationSchema,
    sha256: Sha256Schema,
    size: ByteCountSchema,
    mode: ModeSchema,
    ...after,
  }),
  z.object({
    kind: z.literal('staged'),
    at: LocationSchema,
    size: ByteCountSchema,
    mode: ModeSchema,
    ...after,
  }),
  z.object({ kind: z.literal('absent'), at: LocationSchema, ...after }),
  z.object({
    kind: z.literal('deleted'),
    at: LocationSchema,
    what: EntryKindSchema,
    payload: PayloadNameSchema,
    bytes: ByteCountSchema,
    ...after,
  }),
  z.object({
    kind: z.literal('moved'),
    from: LocationSchema,
    to: LocationSchema,
    what: EntryKindSchema,
    identity: z.object({ dev: z.number(), ino: z.number(), sha256: Sha256Schema.optional() }),
    ...after,
  }),
  z.object({
    kind: z.literal('unkept'),
    at: LocationSchema,
    what: EntryKindSchema,
    bytes: ByteCountSchema,
    ...after,
  }),
]);
export type ChangeStep = z.infer<typeof ChangeStepSchema>;

/** Whether a step holds content staged beside its record, hashed (`file`) or not yet. */
export function holdsStaged(step: ChangeStep): boolean {
  return step.kind === 'file' || step.kind === 'staged';
}

/**
 * `pending` from just before the change until it is made; then `done`, or `failed` when
 * it stopped halfway and what is on disk matches neither side.
 */
export const ChangeStatusSchema = z.enum(['pending', 'done', 'failed']);
export type ChangeStatus = z.infer<typeof ChangeStatusSchema>;

export const ChangeRecordSchema = z.object({
  version: z.literal(CHANGE_RECORD_VERSION),
  id: ChangeIdSchema,
  /** The tool that made the change (`write_file`, …), or `restore` / `undo_change`. */
  tool: z.string().min(1).max(100),
  at: z.iso.datetime(),
  /**
   * Microseconds since the epoch, rising within a process even within one millisecond:
   * the order a rewind undoes changes in, newest first.
   */
  order: z.number().nonnegative(),
  /** The client's name and version, as the tool kit knows it. */
  client: z.string().max(200).optional(),
  /** The MCP session (or the CLI run) the change was made in. */
  session: z.string().max(200).optional(),
  /** The workspace of the change's first path; a move may reach a second one. */
  workspaceRoot: z.string().min(1),
  status: ChangeStatusSchema,
  undoable: z.boolean(),
  /** Why the change cannot be undone, in plain words, when `undoable` is false. */
  reason: z.string().max(500).optional(),
  /** For a restore: the change it undid. */
  restores: ChangeIdSchema.optional(),
  /** The restore that undid this change, once one did. */
  restoredBy: ChangeIdSchema.optional(),
  /** The process that made it: a pending record is resolved only once that process is gone. */
  owner: z.object({ pid: z.number().int() }),
  /** Kept by an older Airlock as `history/<id>/payload`, before records and content were split. */
  legacy: z.boolean().optional(),
  steps: z.array(ChangeStepSchema).max(10_000),
});
export type ChangeRecord = z.infer<typeof ChangeRecordSchema>;

export function isChangeId(id: string): boolean {
  return ChangeIdSchema.safeParse(id).success;
}

/** The locations a step touches: one path, or a move's two. */
export function locationsOf(step: ChangeStep): Location[] {
  return step.kind === 'moved' ? [step.from, step.to] : [step.at];
}
