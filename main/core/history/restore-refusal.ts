import { isPolicyError, type PolicyErrorCode } from '../policy/policy-error.ts';
import { isHistoryError, type HistoryErrorCode } from './history-error.ts';

/** Why a reference names no change that can be restored. */
export type RestoreRefCode =
  /** Neither a record number nor a change id. */
  | 'invalid_ref'
  /** No audit record has that number (never written, or rotated away). */
  | 'record_not_found'
  /** The record is there, but fails its own hash: it was changed outside Airlock. */
  | 'record_damaged'
  /** The record names no change that history kept: a read, a refusal, a setting. */
  | 'no_change';

export type RestoreRefusalCode = HistoryErrorCode | PolicyErrorCode | RestoreRefCode;

/**
 * A restore (or its preview) that cannot go ahead, as a value for each front end to word:
 * the code to act on, the message for the person, and what changed since the change when
 * that is all that stands in the way (then `force` restores anyway).
 */
export interface RestoreRefusal {
  readonly code: RestoreRefusalCode;
  readonly message: string;
  /** What changed since the change, one sentence each; empty unless that is the reason. */
  readonly conflicts: readonly string[];
  /** Whether restoring with force would go ahead: only what changed since stands in the way. */
  readonly forceable: boolean;
}

export interface Refused {
  readonly ok: false;
  readonly refusal: RestoreRefusal;
}

/** An expected refusal from history or the policy as a value; anything else is thrown on. */
export function refusalOf(error: unknown, conflicts: readonly string[] = []): RestoreRefusal {
  if (isHistoryError(error) || isPolicyError(error)) {
    return {
      code: error.code,
      message: error.message,
      conflicts,
      forceable: conflicts.length > 0,
    };
  }
  throw error;
}

export function refused(
  code: RestoreRefusalCode,
  message: string,
  conflicts: readonly string[] = [],
): Refused {
  return { ok: false, refusal: { code, message, conflicts, forceable: conflicts.length > 0 } };
}
