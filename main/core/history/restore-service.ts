import { randomBytes } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { CHANGE_TOOLS } from '../../../preload/contract/words/change-records.ts';
import type { AuditEntry, AuditRecord } from '../audit/audit-record.ts';
import { PathPolicy } from '../policy/path-policy.ts';
import { auditRecordBySeq } from './audit-record-by-seq.ts';
import type { ChangeFilter } from './change-filter.ts';
import type { ChangeJournal } from './change-journal.ts';
import { isChangeId } from './change-record.ts';
import { summarizeChange, type ChangeSummary } from './change-summary.ts';
import { isHistoryError } from './history-error.ts';
import type { HistoryUsage } from './prune-history.ts';
import {
  emptiedEntry,
  refusedAttempt,
  restoreEntry,
  type RestoreActor,
  type RestoreAttempt,
} from './restore-audit.ts';
import { previewRestore, restoreChange, rewindChanges } from './restore-change.ts';
import type { UndoAction } from './restore-plan.ts';
import { previewPaths } from './restore-preview.ts';
import { refusalOf, refused, type Refused, type RestoreRefusal } from './restore-refusal.ts';
import type {
  EmptyReport,
  HistoryFilter,
  PlannedAction,
  Recorded,
  ResolvedRef,
  RestoreDone,
  RestoreOptions,
  RestoreOutcome,
  RestorePreview,
  RewindFilter,
  RewindOptions,
  RewindReport,
} from './restore-service-types.ts';

export type { ChangeSummary } from './change-summary.ts';
export type { PathChange, PathContent, PathPreview } from './restore-preview.ts';
export type { RestoreRefusal, RestoreRefusalCode, Refused } from './restore-refusal.ts';
export type { RestoreActor } from './restore-audit.ts';
export type { HistoryUsage } from './prune-history.ts';
export type * from './restore-service-types.ts';

/**
 * Restoring what agents changed, for every front end: the command line (`airlock restore`,
 * `airlock history`) and the window's Undo and Changes view call this service and only word
 * what it returns. It owns the rules (which workspaces a restore may reach, what a record
 * number names, how a range is rewound) and the `restore` audit record of every restore it
 * makes or refuses. Refusals are values; only the unexpected is thrown.
 */
export interface RestoreServiceOptions {
  readonly journal: ChangeJournal;
  /**
   * The policy over the workspaces shared now, asked for at each call: a restore reaches
   * only these (a workspace no longer shared is refused), every one of them as changeable,
   * since it is the person who restores, not an agent.
   */
  readonly policy: () => PathPolicy | Promise<PathPolicy>;
  /** Appends one record to the audit log; resolves with it once it is written. */
  readonly record: (entry: AuditEntry) => Promise<AuditRecord | void>;
  /** The audit log's current file: a record number is looked up there and in its rotated files. */
  readonly auditFile: string;
}

export class RestoreService {
  readonly #options: RestoreServiceOptions;

  constructor(options: RestoreServiceOptions) {
    this.#options = options;
  }

  get journal(): ChangeJournal {
    return this.#options.journal;
  }

  /** What history holds, newest first, each with a summary and whether it can be undone now. */
  async list(filter: HistoryFilter = {}): Promise<ChangeSummary[]> {
    const policy = await this.#restorePolicy();
    const records = await this.journal.list(await changeFilterOf(filter));
    return records.map((record) => summarizeChange(record, policy));
  }

  /** One change as `list` gives it, or undefined when history does not hold it. */
  async change(id: string): Promise<ChangeSummary | undefined> {
    const record = isChangeId(id) ? await this.journal.read(id) : undefined;
    return record && summarizeChange(record, await this.#restorePolicy());
  }

  /**
   * What restoring change `id` would do: its actions, what changed since, and per path a
   * diff, sizes or a file list. Changes nothing, and records nothing.
   */
  async preview(id: string): Promise<{ readonly ok: true; preview: RestorePreview } | Refused> {
    const policy = await this.#restorePolicy();
    try {
      const plan = await previewRestore(this.journal, policy, id);
      const paths = await previewPaths(this.journal, policy, plan.record);
      return {
        ok: true,
        preview: {
          change: summarizeChange(plan.record, policy),
          actions: plan.actions.map(plannedAction),
          conflicts: plan.conflicts,
          paths,
        },
      };
    } catch (error) {
      return { ok: false, refusal: refusalOf(error) };
    }
  }

  /**
   * Puts back the state from just before change `id`, as a change of its own (which can be
   * undone), and records a `restore` record: `ok`, or `denied` with the plain reason.
   */
  async restore(id: string, options: RestoreOptions): Promise<RestoreOutcome> {
    return this.#restoreOne(await this.#restorePolicy(), id, options, {});
  }

  /**
   * Undoes every change matching `filter`, newest first, each restore recorded as it is
   * made; stops at the first that cannot be undone, which is recorded as refused.
   */
  async rewind(filter: RewindFilter, options: RewindOptions): Promise<RewindReport> {
    const policy = await this.#restorePolicy();
    const { changes } = await rewindChanges(this.journal, policy, await changeFilterOf(filter), {
      dryRun: true,
    });
    const summaries = changes.map((change) => summarizeChange(change, policy));
    if (options.dryRun) return { changes: summaries, restores: [], dryRun: true };
    const rewind = newChangeId();
    const restores: RestoreDone[] = [];
    for (const [index, change] of changes.entries()) {
      const outcome = await this.#restoreOne(policy, change.id, options, { rewind });
      if (!outcome.ok) {
        const stoppedAt = { change: summaries[index] as ChangeSummary, refusal: outcome.refusal };
        return { changes: summaries, restores, stoppedAt, dryRun: false };
      }
      restores.push(outcome);
    }
    return { changes: summaries, restores, dryRun: false };
  }

  /**
   * The change a person names: by its id (the correlation id of its tool call), or by the
   * number of its audit record. Says plainly when the record made no change history keeps.
   */
  async resolveRef(ref: string): Promise<ResolvedRef> {
    const given = ref.trim();
    // A change id can be all digits too: one that history holds is taken as an id first.
    if (isChangeId(given) && (await this.journal.read(given))) return { ok: true, changeId: given };
    const seq = recordNumberOf(given);
    if (seq !== undefined) return this.#changeOfRecord(seq);
    if (isChangeId(given)) {
      return refused(
        'not_found',
        `No change ${given} is in history: that call changed nothing, or the change was pruned.`,
      );
    }
    return refused(
      'invalid_ref',
      `"${given.slice(0, 100)}" is neither an activity record number nor a change id.`,
    );
  }

  /** How many changes history holds, their size, and what it may hold. */
  usage(): Promise<HistoryUsage> {
    return this.journal.usage();
  }

  /** Removes every change but those being made, and all they kept; recorded as a settings change. */
  async empty(actor: RestoreActor): Promise<EmptyReport> {
    const report = await this.journal.empty();
    return {
      removedChanges: report.removed.length,
      ...(await this.#record(emptiedEntry(actor, report))),
    };
  }

  async #changeOfRecord(seq: number): Promise<ResolvedRef> {
    const found = await auditRecordBySeq(this.#options.auditFile, seq);
    if (!found.found) {
      return found.damaged
        ? refused(
            'record_damaged',
            `Activity record ${seq} was changed outside Airlock, so it is not taken at its word. Run "airlock audit verify", or name the change by its id.`,
          )
        : refused(
            'record_not_found',
            `There is no activity record ${seq}: it was never written, or the log was rotated away.`,
          );
    }
    const record = found.record;
    const what = record.tool ?? record.event.replace(/_/g, ' ');
    const id = record.correlationId;
    if (id && isChangeId(id) && (await this.journal.read(id)))
      return { ok: true, changeId: id, record: seq };
    if (record.event === 'restore')
      return refused(
        'no_change',
        `Record ${seq} is a restore that was refused: it changed nothing.`,
      );
    if (record.outcome !== 'ok')
      return refused('no_change', `Record ${seq} (${what}) was refused, so it changed nothing.`);
    if (record.tool && CHANGE_TOOLS.has(record.tool)) {
      return refused(
        'not_found',
        `Record ${seq} (${what}) changed files, but history no longer holds that change: it was pruned, or made before Airlock kept history.`,
      );
    }
    return refused(
      'no_change',
      `Record ${seq} (${what}) made no change to files, so there is nothing to restore.`,
    );
  }

  async #restoreOne(
    policy: PathPolicy,
    id: string,
    options: RestoreOptions,
    extra: Record<string, unknown>,
  ): Promise<RestoreOutcome> {
    const { actor } = options;
    const force = options.force ?? false;
    const restoreId = newChangeId();
    const change = await this.journal.read(id).catch(() => undefined);
    const record = (attempt: RestoreAttempt) =>
      this.#record(restoreEntry(actor, policy, change, id, attempt, extra));
    try {
      const result = await restoreChange(this.journal, policy, id, {
        force,
        id: restoreId,
        tool: 'restore',
        ...(actor.person ? { client: actor.person } : {}),
      });
      return {
        ok: true,
        restore: summarizeChange(result.restore, policy),
        restored: summarizeChange(result.restored, policy),
        forced: force,
        ...(await record({ outcome: 'ok', restore: result.restore, forced: force })),
      };
    } catch (error) {
      let refusal: RestoreRefusal;
      try {
        refusal = refusalOf(error, await this.#conflictsBehind(error, policy, id, force));
      } catch {
        const reason = `The restore failed unexpectedly: ${(error as Error).message}`.slice(0, 500);
        await record({ outcome: 'error', restoreId, reason });
        throw error;
      }
      return { ok: false, refusal, ...(await record(refusedAttempt(restoreId, refusal))) };
    }
  }

  /**
   * What changed since the change, when that is what refused the restore: then force would
   * restore anyway. A conflict force cannot get past (moved away, a link on the way) has none.
   */
  async #conflictsBehind(
    error: unknown,
    policy: PathPolicy,
    id: string,
    force: boolean,
  ): Promise<readonly string[]> {
    if (force || !isHistoryError(error, 'conflict')) return [];
    const plan = await previewRestore(this.journal, policy, id).catch(() => undefined);
    return plan?.conflicts ?? [];
  }

  async #record(entry: AuditEntry): Promise<Recorded> {
    try {
      const written = await this.#options.record(entry);
      return written ? { auditSeq: written.seq } : {};
    } catch (error) {
      return { recordProblem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The policy in force, with every workspace it shares changeable by the person's restore. */
  async #restorePolicy(): Promise<PathPolicy> {
    const policy = await this.#options.policy();
    return new PathPolicy(
      policy.platform,
      policy.workspaces.map((workspace) =>
        workspace.access === 'write' ? workspace : { ...workspace, access: 'write' },
      ),
      policy.protections,
      policy.fileAccess,
    );
  }
}

function plannedAction(action: UndoAction): PlannedAction {
  if (action.op === 'moveBack') {
    return {
      op: action.op,
      path: action.from.path,
      workspace: action.from.root,
      to: action.to.path,
    };
  }
  return { op: action.op, path: action.at.path, workspace: action.at.root };
}

/** A workspace named by the person is matched by its real path, as history records roots. */
async function changeFilterOf(filter: HistoryFilter): Promise<ChangeFilter> {
  if (filter.workspace === undefined) return filter;
  const root = await realpath(filter.workspace).catch(() => filter.workspace as string);
  return { ...filter, workspace: root };
}

/**
 * A record number as a person may copy it: `4213`, `#4213`, or as the window shows it, with
 * the locale's thousands separators (`4,213`, `4.213`, `4 213`).
 */
function recordNumberOf(given: string): number | undefined {
  const bare = given.replace(/^#/, '');
  if (!/^\d{1,3}(?:[,.'\u00a0\u202f ]?\d{3})*$/.test(bare)) return undefined;
  const digits = bare.replace(/\D/g, '');
  return digits.length <= 15 ? Number(digits) : undefined;
}

function newChangeId(): string {
  return randomBytes(6).toString('hex');
}
