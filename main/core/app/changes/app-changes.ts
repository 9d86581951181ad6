import type {
  ChangeGroupRef,
  ChangeGroups,
  ChangeView,
  GroupUndoPlan,
  GroupUndoResult,
  HistoryUsage,
  UndoPreview,
  UndoResult,
} from '../../../../preload/contract/change-views.ts';
import type { RestoreActor, RestoreService } from '../../history/restore-service.ts';
import { AppError } from '../ipc/app-error.ts';
import { groupChanges, inGroup, rewindFilterOf } from './change-groups.ts';
import { changeViewOf } from './change-view.ts';
import { undoPreviewOf } from './undo-preview-view.ts';
import { undoRefused } from './undo-refusal.ts';

/**
 * The window's Undo, Changes and history settings, on the core's restore service: the one
 * service `airlock restore` uses too, which holds every rule. This only asks it, and turns
 * what it answers into the window's views and words.
 */
export class AppChanges {
  readonly #service: () => RestoreService | Promise<RestoreService>;
  readonly #actor: RestoreActor;

  /** `service` is asked for at each call: the app opens history once it has started. */
  constructor(service: () => RestoreService | Promise<RestoreService>, actor: RestoreActor) {
    this.#service = service;
    this.#actor = actor;
  }

  async groups(limit: number): Promise<ChangeGroups> {
    const service = await this.#service();
    return groupChanges(await service.list(), limit);
  }

  /** The change with `id`, or null when history does not hold it. */
  async change(id: string): Promise<ChangeView | null> {
    const summary = await (await this.#service()).change(id);
    return summary ? changeViewOf(summary) : null;
  }

  async preview(id: string): Promise<UndoPreview> {
    const answer = await (await this.#service()).preview(id);
    if (!answer.ok) throw undoRefused(answer.refusal);
    return undoPreviewOf(answer.preview);
  }

  async undo(id: string, force: boolean): Promise<UndoResult> {
    const outcome = await (await this.#service()).restore(id, { force, actor: this.#actor });
    if (!outcome.ok) throw undoRefused(outcome.refusal);
    return { undo: changeViewOf(outcome.restore), undone: changeViewOf(outcome.restored) };
  }

  /** What "Undo all" of the group would undo, newest first; refused if it would reach past it. */
  async planGroup(ref: ChangeGroupRef): Promise<GroupUndoPlan> {
    const service = await this.#service();
    const plan = await service.rewind(rewindFilterOf(ref), {
      dryRun: true,
      actor: this.#actor,
    });
    if (!plan.changes.every((change) => inGroup(change, ref))) throw mixedGroup();
    return { changes: plan.changes.map(changeViewOf) };
  }

  async undoGroup(ref: ChangeGroupRef, force: boolean): Promise<GroupUndoResult> {
    // The plan is checked first: a rewind never reaches a change outside the group.
    await this.planGroup(ref);
    const service = await this.#service();
    const report = await service.rewind(rewindFilterOf(ref), { force, actor: this.#actor });
    const stopped = report.stoppedAt;
    if (!stopped) return { undone: report.restores.length };
    const { message } = undoRefused(stopped.refusal);
    return {
      undone: report.restores.length,
      stoppedAt: {
        change: changeViewOf(stopped.change),
        message: stopped.refusal.forceable ? 'things changed since.' : message,
        conflicts: [...stopped.refusal.conflicts],
      },
    };
  }

  async usage(): Promise<HistoryUsage> {
    const usage = await (await this.#service()).usage();
    return {
      changes: usage.changes,
      bytes: usage.keptBytes,
      budgetBytes: usage.budget.bytes,
      limitedByDisk: usage.budget.byDisk,
    };
  }

  /** Removes every change from history; what is left is what is being made right now. */
  async empty(): Promise<HistoryUsage> {
    await (await this.#service()).empty(this.#actor);
    return this.usage();
  }
}

function mixedGroup(): AppError {
  return new AppError(
    'cannot_undo',
    'These changes cannot be told apart from changes another app made at the same time, so Airlock does not undo them all at once. Undo them one at a time in Review.',
  );
}
