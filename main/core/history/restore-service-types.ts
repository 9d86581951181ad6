import type { ChangeSummary } from './change-summary.ts';
import type { RestoreActor } from './restore-audit.ts';
import type { UndoAction } from './restore-plan.ts';
import type { PathPreview } from './restore-preview.ts';
import type { Refused, RestoreRefusal } from './restore-refusal.ts';

// What the restore service takes and gives, for each front end to word.

/** Which changes to list or rewind. Every field narrows. */
export interface HistoryFilter {
  readonly since?: Date;
  readonly until?: Date;
  /** The client's name as recorded (name and version), or its start. */
  readonly client?: string;
  /** The session the changes were made in: one connection of a client. */
  readonly session?: string;
  /** A workspace folder, as the person names it: changes with any path in it. */
  readonly workspace?: string;
}

/** A rewind is always from a time on. */
export interface RewindFilter extends HistoryFilter {
  readonly since: Date;
}

/** One thing a restore would do, in order. */
export interface PlannedAction {
  /** remove: moved into history, kept; write: written back; putBack: a deleted entry returns; moveBack: moved back. */
  readonly op: UndoAction['op'];
  /** Relative to `workspace`. For moveBack, where it is now. */
  readonly path: string;
  readonly workspace: string;
  /** For moveBack: where it goes, relative to its workspace. */
  readonly to?: string;
}

export interface RestorePreview {
  readonly change: ChangeSummary;
  readonly actions: readonly PlannedAction[];
  /** What changed since the change, one sentence each. A restore then needs `force`. */
  readonly conflicts: readonly string[];
  /** Per path, what the person needs to decide: a diff, sizes and type, or a folder's files. */
  readonly paths: readonly PathPreview[];
}

/** Where the restore's record went: its number, or why it could not be written. */
export interface Recorded {
  /** The `restore` record's number: `airlock restore <it>` undoes the restore. */
  readonly auditSeq?: number;
  /** The restore was made, but its record could not be written: why. */
  readonly recordProblem?: string;
}

export interface RestoreDone extends Recorded {
  readonly ok: true;
  /** The restore's own change, which can be undone in turn. */
  readonly restore: ChangeSummary;
  /** The change undone, now naming the restore in `restoredBy`. */
  readonly restored: ChangeSummary;
  readonly forced: boolean;
}

export type RestoreOutcome = RestoreDone | (Refused & Recorded);

export interface RewindReport {
  /** The changes the rewind undoes, newest first (on a dry run, those it would undo). */
  readonly changes: readonly ChangeSummary[];
  /** The restores made, in order. */
  readonly restores: readonly RestoreDone[];
  /** The change it stopped at, and why: it and older changes were left as they are. */
  readonly stoppedAt?: { readonly change: ChangeSummary; readonly refusal: RestoreRefusal };
  readonly dryRun: boolean;
}

export interface RestoreOptions {
  /** Restore even over what changed since; what is there now is kept in history first. */
  readonly force?: boolean;
  readonly actor: RestoreActor;
}

export interface RewindOptions extends RestoreOptions {
  /** Only say which changes would be undone. */
  readonly dryRun?: boolean;
}

/** A record number or change id, resolved to the change it names. */
export type ResolvedRef =
  | {
      readonly ok: true;
      readonly changeId: string;
      /** The audit record it was found by, when a record number was given. */
      readonly record?: number;
    }
  | Refused;

export interface EmptyReport extends Recorded {
  readonly removedChanges: number;
}
