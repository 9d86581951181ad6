import { CodedError } from '../coded-error.ts';

/**
 * An expected refusal: the request was understood and is not allowed, or cannot be
 * done as asked. Its message is written for the agent and the person, so it must never
 * contain a path outside the workspaces or any internal detail.
 */
export type PolicyErrorCode =
  | 'invalid_path'
  | 'outside_workspace'
  | 'guarded'
  | 'protected'
  | 'airlock_state'
  | 'read_only'
  | 'not_found'
  | 'already_exists'
  | 'not_a_file'
  | 'not_a_directory'
  | 'too_large'
  | 'binary'
  | 'changed_during_operation'
  | 'limit_reached'
  | 'timeout'
  | 'no_match'
  | 'ambiguous_match'
  | 'invalid_argument'
  | 'paused'
  | 'approval_denied'
  | 'approval_waiting'
  | 'approval_expired'
  | 'approval_limit'
  | 'approval_unavailable'
  /** undo_change: the change belongs to another client or another session. */
  | 'not_own_change'
  /** undo_change: what the change left was changed again since. */
  | 'conflict'
  /** undo_change: the change cannot be undone (not kept, already undone, still running). */
  | 'cannot_undo'
  /**
   * write_file, edit_file: the text holds a placeholder for a hidden secret that this file
   * cannot put back (another file's, made up, gone), or would expose its value.
   */
  | 'secret_placeholder';

/**
 * The refusal while the person has paused all access. Every transport gives these same
 * words, whether it refuses a tool call, a connection or a request, so an agent always
 * learns the one thing it can do: ask the person.
 */
export const PAUSED_MESSAGE =
  'Access is paused in Airlock. Ask the person to resume it in the Airlock app.';

export class PolicyError extends CodedError<PolicyErrorCode> {
  override readonly name = 'PolicyError';
}

export function isPolicyError(error: unknown): error is PolicyError {
  return error instanceof PolicyError;
}
