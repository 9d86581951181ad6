import type { AuditRecord } from '../audit-record.ts';
import type { MacRun } from './mac-runs.ts';

export type ProblemKind =
  | 'unparsable'
  | 'bad_hash'
  | 'bad_prev'
  | 'bad_seq'
  | 'bad_mac'
  | 'truncated'
  | 'bad_head'
  | 'log_deleted'
  | 'anchor_mismatch'
  | 'tampering_recorded';

export interface VerifyProblem {
  readonly kind: ProblemKind;
  readonly file: string;
  /** 1-based line within `file`, when the problem is a line. */
  readonly line?: number;
  readonly seq?: number;
  readonly message: string;
}

/** A tail the next writer repairs: an interrupted last line, or a last record the head does not yet confirm. */
export interface RepairableTail {
  readonly kind: 'torn_line' | 'unconfirmed_record';
  readonly file: string;
  readonly message: string;
}

/**
 * Something the log cannot prove, though nothing in it is wrong: records a run without the
 * keychain wrote after keyed ones, a head file without its MAC, an anchor too old to compare.
 */
export type VerifyWarning =
  | {
      readonly kind: 'unkeyed_after_keyed';
      readonly from: number;
      readonly to: number;
      /** Whether a matching anchor was written after them (they were in the log by then). */
      readonly anchoredSince: boolean;
      readonly message: string;
    }
  | { readonly kind: 'head_unkeyed'; readonly message: string }
  | { readonly kind: 'anchor_unconfirmed'; readonly seq: number; readonly message: string };

/** What the keychain's head anchor showed. */
export type AnchorStatus =
  /** The log reaches the anchored record, and it is the same record. */
  | { readonly state: 'matched'; readonly seq: number }
  /** The keychain answered and holds no anchor for this log yet. */
  | { readonly state: 'none' }
  /** No keychain: a deleted log cannot be told from one that never was. */
  | { readonly state: 'unavailable'; readonly reason: string }
  /** The log does not reach the anchor, or holds another record there: see firstProblem. */
  | { readonly state: 'failed'; readonly seq: number }
  /** The anchored record was not compared: the walk stopped before it, or retention deleted it. */
  | { readonly state: 'unconfirmed'; readonly seq: number };

export interface VerifyReport {
  readonly ok: boolean;
  readonly records: number;
  readonly files: readonly string[];
  /** No file of the log exists at its path (log, head or rotated file): nothing was checked. */
  readonly absent: boolean;
  /** Whether the records' MACs were checked against the keychain's audit key. */
  readonly macChecked: boolean;
  /** Which records carry a keyed MAC and which do not, in runs, oldest first. */
  readonly macRuns: readonly MacRun[];
  readonly anchor: AnchorStatus;
  /** True only when the log matched the keychain's anchor. */
  readonly anchored: boolean;
  readonly warnings: readonly VerifyWarning[];
  readonly firstProblem?: VerifyProblem;
  readonly repairableTail?: RepairableTail;
  /** Recoveries the writer recorded (torn tails set aside, truncation found at start). */
  readonly recoveries: readonly AuditRecord[];
  readonly lastSeq: number;
}
