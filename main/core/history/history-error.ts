import { CodedError } from '../coded-error.ts';

/**
 * Why a change cannot be kept, found or put back. Each message is written for the person
 * (and, through undo_change, the agent): what is in the way, and what they can do.
 */
export type HistoryErrorCode =
  /** No change with that id is in history (never made, or pruned). */
  | 'not_found'
  /** The id is not one Airlock gives out. */
  | 'invalid_id'
  /** A change with that id is already recorded. */
  | 'duplicate_id'
  /** The change is still being made, by this or another Airlock process. */
  | 'in_progress'
  /** History could not keep what the change replaced; the record says why. */
  | 'not_undoable'
  /** The change was already undone. */
  | 'already_restored'
  /** The change's folder is no longer shared, so nothing may be restored into it. */
  | 'workspace_not_granted'
  /** The path changed again after the change; restoring would lose that. */
  | 'conflict'
  /** What history kept is missing or no longer matches its hash. */
  | 'kept_copy_damaged'
  /** Restoring would replace something history cannot keep, so it would be lost. */
  | 'cannot_keep_current';

export class HistoryError extends CodedError<HistoryErrorCode> {
  override readonly name = 'HistoryError';
}

export function isHistoryError(error: unknown, code?: HistoryErrorCode): error is HistoryError {
  return error instanceof HistoryError && (code === undefined || error.code === code);
}
