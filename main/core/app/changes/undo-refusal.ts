import type { RestoreRefusal, RestoreRefusalCode } from '../../history/restore-service.ts';
import { AppError } from '../ipc/app-error.ts';

/**
 * The window's words for refusals whose own message is written for the command line or the
 * agent (a flag to pass, a workspace, a change id); the others are the person's already.
 */
const WINDOW_WORDS: Partial<Record<RestoreRefusalCode, string>> = {
  already_restored: 'This change was already undone. To bring it back, undo that undo.',
  in_progress: 'This change is still being made. Wait a moment, then try again.',
  guarded:
    'This change touches a file the secret guard hides from agents, so Airlock does not undo it here.',
  protected:
    'This change touches a file agents may read but never change, so Airlock does not undo it here.',
  airlock_state: "This change touches Airlock's own files, so it is not undone here.",
  outside_workspace: 'This change touches a place that is no longer in a shared folder.',
  read_only: 'This change is in a folder agents may only read.',
  changed_during_operation: 'A file changed while Airlock was undoing. Try again.',
  paused: 'Access is paused. Resume it, then undo the change.',
  invalid_id: 'Airlock does not know this change.',
  invalid_ref: 'Airlock does not know this change.',
  no_change: 'This record changed nothing, so there is nothing to undo.',
};

/** Refusals of codes that are no error of the person's: the change is simply not there. */
const NOT_FOUND: ReadonlySet<RestoreRefusalCode> = new Set(['not_found', 'record_not_found']);

/**
 * The window's error for a refused undo: `conflict` when only what changed since stands in
 * the way (the person may undo anyway), `not_found` for a change history no longer holds,
 * and `cannot_undo` with the reason otherwise.
 */
export function undoRefused(refusal: RestoreRefusal): AppError {
  if (refusal.forceable) {
    return new AppError(
      'conflict',
      `Things changed since this change: ${refusal.conflicts.join(' ')} You can undo it anyway; what is there now is kept in history first.`,
    );
  }
  if (NOT_FOUND.has(refusal.code)) {
    return new AppError(
      'not_found',
      'History no longer holds this change, so it cannot be undone: it was removed after the time or the size history keeps.',
    );
  }
  return new AppError('cannot_undo', WINDOW_WORDS[refusal.code] ?? refusal.message);
}
