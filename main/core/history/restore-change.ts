import { randomBytes } from 'node:crypto';
import type { PathPolicy } from '../policy/path-policy.ts';
import type { ChangeCall } from './capture-change.ts';
import { startChange } from './pending-change.ts';
import type { ChangeFilter } from './change-filter.ts';
import type { ChangeJournal } from './change-journal.ts';
import { afterOf, realPathOf, settleOnDisk } from './change-outcome.ts';
import { locationsOf, type AfterState, type ChangeRecord } from './change-record.ts';
import { HistoryError } from './history-error.ts';
import { lockPaths } from './path-locks.ts';
import { captureForRestore, performUndo } from './restore-actions.ts';
import { notUndoable, planRestore, type RestorePlan } from './restore-plan.ts';
import { assertGranted } from './restore-target.ts';

export interface RestoreOptions {
  /**
   * Restore even though a path changed since the change. Nothing is lost: what is there
   * now is kept by the restore's own record, which can be undone to bring it back.
   */
  readonly force?: boolean;
  /** The restore's own change id (the undo_change call's correlation id); else a new one. */
  readonly id?: string;
  /** `restore` (the person, from the window or the CLI) or `undo_change` (the agent). */
  readonly tool?: string;
  readonly client?: string;
  readonly session?: string;
}

export interface RestoreResult {
  /** The restore's own record: a change that can itself be undone. */
  readonly restore: ChangeRecord;
  /** The change that was undone, now naming the restore in `restoredBy`. */
  readonly restored: ChangeRecord;
}

/**
 * What restoring change `id` would do, and what changed since it, with nothing changed.
 * Refuses (HistoryError, PolicyError) just as the restore itself would, but for conflicts,
 * which it lists.
 */
export async function previewRestore(
  journal: ChangeJournal,
  policy: PathPolicy,
  id: string,
): Promise<RestorePlan> {
  const record = await journal.mustRead(id);
  assertRestorable(record, policy);
  return planRestore(journal, policy, record);
}

/**
 * Puts back the state from just before change `id`, with the same guarantees as the
 * agent's tools: every path goes through `policy` (only workspaces still shared, never a
 * guarded or protected file, only where changes are allowed) and every file and folder is
 * opened with the verified open. Refuses, changing nothing, when a path changed again since
 * the change (unless `force`), and says what changed. The restore is journaled as a change
 * of its own, with `restores: id`.
 *
 * It holds the change's paths (path-locks.ts) from its plan to its end, as an agent's change
 * does: two restores of one change (a double click, the window and undo_change) take turns,
 * and the second finds the change undone; an agent's change to one of the paths waits, or
 * is waited for and then seen as a conflict.
 */
export async function restoreChange(
  journal: ChangeJournal,
  policy: PathPolicy,
  id: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const paths = (await journal.mustRead(id)).steps.flatMap(locationsOf).map(realPathOf);
  const release = await lockPaths(paths);
  try {
    return await restoreHeld(journal, policy, id, options);
  } finally {
    release();
  }
}

async function restoreHeld(
  journal: ChangeJournal,
  policy: PathPolicy,
  id: string,
  options: RestoreOptions,
): Promise<RestoreResult> {
  const plan = await previewRestore(journal, policy, id);
  if (plan.conflicts.length > 0 && !options.force) {
    throw new HistoryError(
      'conflict',
      `This change was not undone, because things changed since: ${plan.conflicts.join(' ')} Restore with force to undo it anyway; what is there now will be kept in history.`,
    );
  }
  const call: ChangeCall = {
    id: options.id ?? randomBytes(6).toString('hex'),
    tool: options.tool ?? 'restore',
    ...(options.client ? { client: options.client } : {}),
    ...(options.session ? { session: options.session } : {}),
  };
  const captured = await captureForRestore(journal, policy, call.id, plan.actions);
  const { record: pending, recorded } = await startChange(journal, call, captured, {
    restores: id,
  });
  try {
    // The record's flush overlaps the first restored file's own (performUndo waits for it).
    await performUndo(journal, policy, pending, plan.actions, recorded);
  } catch (error) {
    const wasRecorded = await recorded().then(
      () => true,
      () => false,
    );
    if (wasRecorded) await settleOnDisk(journal, pending, policy.fileAccess).catch(() => undefined);
    throw error;
  }
  const after: AfterState[] = [];
  for (const [index, step] of pending.steps.entries()) {
    const action = plan.actions[index];
    // A written version was hashed on its way in: it need not be read again.
    after.push(
      action?.op === 'write'
        ? { kind: 'file', size: action.size, sha256: action.sha256 }
        : await afterOf(step, journal.limits.maxFileBytes, policy.fileAccess),
    );
  }
  const restore = await journal.finish(pending.id, after);
  const restored = await journal.markRestored(id, restore.id);
  return { restore, restored };
}

/** Refuses a change that cannot be restored as it stands, whatever is on disk. */
function assertRestorable(record: ChangeRecord, policy: PathPolicy): void {
  if (record.status === 'pending') {
    throw new HistoryError(
      'in_progress',
      'This change is still being made. Wait a moment, then try again.',
    );
  }
  if (record.restoredBy) {
    throw new HistoryError(
      'already_restored',
      `This change was already undone (change ${record.restoredBy}). To bring it back, undo that one.`,
    );
  }
  if (!record.undoable || record.status === 'failed') throw notUndoable(record);
  for (const step of record.steps) for (const at of locationsOf(step)) assertGranted(policy, at);
}

export interface RewindOptions extends Omit<RestoreOptions, 'id'> {
  /** Only say which changes would be undone. */
  readonly dryRun?: boolean;
}

export interface RewindResult {
  /** The changes a rewind undoes, newest first (all of them on a dry run). */
  readonly changes: readonly ChangeRecord[];
  /** The restores made, in order. */
  readonly restores: readonly ChangeRecord[];
  /** The change it stopped at, and why: older changes were left as they are. */
  readonly stoppedAt?: { readonly change: ChangeRecord; readonly error: Error };
}

/**
 * Undoes every change matching `filter`, newest first, so the workspace goes back to how it
 * was before the oldest of them. A change already undone is skipped, and so is a restore
 * of a change that is itself in the range (the two cancel out). Stops at the first change
 * that cannot be undone: older ones may rely on it.
 */
export async function rewindChanges(
  journal: ChangeJournal,
  policy: PathPolicy,
  filter: ChangeFilter,
  options: RewindOptions = {},
): Promise<RewindResult> {
  const matching = await journal.list(filter);
  const inRange = new Set(matching.map((record) => record.id));
  const changes = matching.filter(
    (record) =>
      record.status !== 'pending' &&
      !record.restoredBy &&
      !(record.restores && inRange.has(record.restores)),
  );
  if (options.dryRun) return { changes, restores: [] };
  const restores: ChangeRecord[] = [];
  for (const change of changes) {
    try {
      restores.push((await restoreChange(journal, policy, change.id, options)).restore);
    } catch (error) {
      return { changes, restores, stoppedAt: { change, error: error as Error } };
    }
  }
  return { changes, restores };
}
