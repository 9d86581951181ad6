import type { AuditEntry } from '../audit/audit-record.ts';
import type { PathPolicy } from '../policy/path-policy.ts';
import { locationsOf, type ChangeRecord } from './change-record.ts';
import type { PruneReport } from './prune-history.ts';
import type { RestoreRefusal } from './restore-refusal.ts';
import { absolutePathOf } from './restore-target.ts';

/** Who asked for a restore: the front end, and the person as it knows them. */
export interface RestoreActor {
  /** The command line or the window. */
  readonly transport: 'cli' | 'app';
  /**
   * Who asked, as the records name them (the audit record's and the restore's `client`):
   * the command line gives the person's login name.
   */
  readonly person?: string;
}

/** How one restore went, for its `restore` audit record. */
export type RestoreAttempt =
  | {
      readonly outcome: 'ok';
      /** The restore's own change: undoing it brings back what the restore replaced. */
      readonly restore: ChangeRecord;
      readonly forced: boolean;
    }
  | {
      readonly outcome: 'denied' | 'error';
      readonly restoreId: string;
      readonly reason: string;
      readonly conflicts?: readonly string[];
      readonly code?: string;
    };

/**
 * The `restore` record of one restore: who (the actor), what (the real paths of the change
 * undone), from which change (its id, which its own tool call's record carries as the
 * correlation id), and the outcome. The record's correlation id is the restore's own change
 * id, so a restore can be undone by its record number, like any change.
 */
export function restoreEntry(
  actor: RestoreActor,
  policy: PathPolicy,
  change: ChangeRecord | undefined,
  asked: string,
  attempt: RestoreAttempt,
  extra: Record<string, unknown> = {},
): AuditEntry {
  // As the person gave it, which may be no id at all: kept short.
  const changeId = asked.slice(0, 100);
  const paths = change
    ? change.steps.flatMap((step) => locationsOf(step).map((at) => absolutePathOf(policy, at)))
    : [];
  const base = {
    event: 'restore',
    transport: actor.transport,
    ...(actor.person ? { client: actor.person } : {}),
    tool: 'restore',
    ...(paths.length > 0 ? { paths } : {}),
    ...(change ? { workspace: change.workspaceRoot } : {}),
  } as const;
  if (attempt.outcome === 'ok') {
    return {
      ...base,
      outcome: 'ok',
      reason: `Restored the state from before change ${changeId}`,
      correlationId: attempt.restore.id,
      detail: {
        restores: changeId,
        ...(change ? { tool: change.tool } : {}),
        forced: attempt.forced,
        ...extra,
      },
    };
  }
  return {
    ...base,
    outcome: attempt.outcome,
    reason: attempt.reason,
    correlationId: attempt.restoreId,
    detail: {
      restores: changeId,
      ...(change ? { tool: change.tool } : {}),
      ...(attempt.code ? { code: attempt.code } : {}),
      ...(attempt.conflicts && attempt.conflicts.length > 0
        ? { conflicts: attempt.conflicts }
        : {}),
      ...extra,
    },
  };
}

/** A refusal's attempt, for its `denied` record. */
export function refusedAttempt(restoreId: string, refusal: RestoreRefusal): RestoreAttempt {
  return {
    outcome: 'denied',
    restoreId,
    reason: refusal.message,
    code: refusal.code,
    conflicts: refusal.conflicts,
  };
}

/** The settings_change record of emptying history, as the settings record their changes. */
export function emptiedEntry(actor: RestoreActor, report: PruneReport): AuditEntry {
  return {
    event: 'settings_change',
    transport: actor.transport,
    ...(actor.person ? { client: actor.person } : {}),
    outcome: 'ok',
    reason: 'History emptied',
    detail: { keys: ['history'], removedChanges: report.removed.length },
  };
}
