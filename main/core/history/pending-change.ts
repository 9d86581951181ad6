import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../fs/atomic-write.ts';
import type { VerifiedFolder } from '../fs/verified-open.ts';
import type { FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import type { ChangeCall } from './capture-change.ts';
import type { Captured } from './capture-state.ts';
import type { ChangeJournal } from './change-journal.ts';
import { afterOf, settleOnDisk, type Written } from './change-outcome.ts';
import {
  CHANGE_RECORD_VERSION,
  holdsStaged,
  type AfterState,
  type ChangeRecord,
} from './change-record.ts';
import { moveIntoHistory } from './keep-removed.ts';
import { writeTempName } from './write-temp.ts';

/** A change whose record is written and whose change is about to be made. */
export interface PendingChange {
  readonly id: string;
  /** False when history could not keep what the change replaces; `reason` says why. */
  readonly undoable: boolean;
  readonly reason?: string;
  /**
   * Resolves once the change's record is on the disk; the change must not be made before.
   * Rejects when the record could not be written: then nothing of the change is kept.
   */
  recorded(): Promise<void>;
  /**
   * Records what the change left and marks it done. `written`, the bytes a write or edit
   * put in its file (or their hash), spares reading them back to hash them.
   */
  finish(written?: Written): Promise<ChangeRecord>;
  /**
   * finish for a write or edit whose new content is `written`: gives the finished record
   * as soon as it is known, and does the finish's bookkeeping (the record's closing line,
   * the kept version moved into the store) after the tool's answer. The change's paths
   * stay held, and reads of history wait, until it is done (ChangeJournal.finishAfterAnswer).
   */
  finishAfterAnswer(written: Written): Promise<ChangeRecord>;
  /** The change was not made: the record and what was kept for it go. */
  abandon(): Promise<void>;
  /**
   * The change failed partway: the disk tells whether it was made (finished), not made
   * (abandoned, giving undefined) or cut short (recorded as failed).
   */
  settle(): Promise<ChangeRecord | undefined>;
}

export interface PendingDeletion extends PendingChange {
  /**
   * Makes the deletion and finishes the change: the entry moves into the change's payload
   * in history, or, when it was over the caps, is removed for good.
   */
  removeIntoHistory(): Promise<ChangeRecord>;
}

const UNSEEN_RESULT =
  'Airlock could not look at what this change left (a folder on its path changed), so it cannot be undone safely.';

/**
 * Writes the pending record for `captured` (their reasons, if any, make it not undoable).
 * Content already staged for it is released if the record cannot be written.
 */
export async function beginChange(
  journal: ChangeJournal,
  call: ChangeCall,
  captured: readonly Captured[],
  extra: { readonly restores?: string } = {},
): Promise<ChangeRecord> {
  const { record, recorded } = await startChange(journal, call, captured, extra);
  await recorded();
  return record;
}

/**
 * As beginChange, but gives the record once it is written, with `recorded`, which puts it
 * on the disk (once, however often it is called) and settles then, or when it could not
 * be (the staged content is then released). The change must wait for it; asked for
 * together with the new content's flush, both are made in one commit of the file system.
 */
export async function startChange(
  journal: ChangeJournal,
  call: ChangeCall,
  captured: readonly Captured[],
  extra: { readonly restores?: string } = {},
): Promise<{ readonly record: ChangeRecord; readonly recorded: () => Promise<void> }> {
  const record = recordOf(journal, call, captured, extra);
  const releaseStaged = async (error: unknown): Promise<never> => {
    for (const [index, step] of record.steps.entries())
      if (holdsStaged(step)) await journal.store.release(journal.stagedPath(record.id, index));
    throw error;
  };
  const { flush } = await journal.start(record).catch(releaseStaged);
  let flushed: Promise<void> | undefined;
  const recorded = () => (flushed ??= flush().catch(releaseStaged));
  return { record, recorded };
}

function recordOf(
  journal: ChangeJournal,
  call: ChangeCall,
  captured: readonly Captured[],
  extra: { readonly restores?: string },
): ChangeRecord {
  const reasons = captured.flatMap((one) => (one.reason ? [one.reason] : []));
  const first = captured[0]?.step;
  const record: ChangeRecord = {
    version: CHANGE_RECORD_VERSION,
    id: call.id,
    tool: call.tool,
    at: new Date(journal.clock()).toISOString(),
    order: journal.nextOrder(),
    ...(call.client ? { client: call.client.slice(0, 200) } : {}),
    ...(call.session ? { session: call.session.slice(0, 200) } : {}),
    workspaceRoot: first ? (first.kind === 'moved' ? first.from.root : first.at.root) : '',
    status: 'pending',
    undoable: reasons.length === 0,
    ...(reasons.length > 0 ? { reason: reasons.join(' ') } : {}),
    ...(extra.restores ? { restores: extra.restores } : {}),
    owner: { pid: process.pid },
    steps: captured.map((one) => one.step),
  };
  return record;
}

export interface JournaledChangeOptions {
  /** Puts the record on the disk (startChange's `recorded`); already so when absent. */
  readonly recorded?: () => Promise<void>;
  /** Frees the change's paths for the next change to them (path-locks.ts). */
  readonly release?: () => void;
  /** For a deletion: the verified folder holding the entry, open until it is removed. */
  readonly folder?: VerifiedFolder;
}

/** A change begun, until it is finished, settled or abandoned. */
export class JournaledChange implements PendingDeletion {
  readonly id: string;
  readonly undoable: boolean;
  readonly reason?: string;
  private readonly journal: ChangeJournal;
  private readonly record: ChangeRecord;
  private readonly access: FileAccess;
  /** For a deletion: the verified folder holding the entry, open until it is removed. */
  private readonly folder: VerifiedFolder | undefined;
  private folderClosed = false;
  private readonly flushRecord: () => Promise<void>;
  private flushAsked = false;
  private readonly release: () => void;
  private ended = false;

  constructor(
    journal: ChangeJournal,
    record: ChangeRecord,
    access: FileAccess,
    options: JournaledChangeOptions = {},
  ) {
    this.journal = journal;
    this.record = record;
    this.access = access;
    this.folder = options.folder;
    this.flushRecord = options.recorded ?? (() => Promise.resolve());
    this.release = options.release ?? (() => undefined);
    this.id = record.id;
    this.undoable = record.undoable;
    if (record.reason) this.reason = record.reason;
  }

  recorded(): Promise<void> {
    this.flushAsked = true;
    return this.flushRecord();
  }

  /**
   * Whether the record stands: a flush that failed dropped it, and with it what was kept
   * (nothing was changed: nothing changes before the flush). Never asked for, the record
   * is there, unflushed, and the change was not made.
   */
  private async wasRecorded(): Promise<boolean> {
    if (!this.flushAsked) return true;
    return this.flushRecord().then(
      () => true,
      () => false,
    );
  }

  async finish(written?: Written): Promise<ChangeRecord> {
    // A change made before its record was asked to the disk broke the one rule history
    // rests on: say so loudly, where a test will see it.
    if (!this.flushAsked)
      throw new Error(`change ${this.id} was made before its record was on the disk`);
    await this.recorded();
    try {
      const after: AfterState[] = [];
      try {
        for (const step of this.record.steps)
          after.push(await afterOf(step, this.journal.limits.maxFileBytes, this.access, written));
      } catch {
        // Without what the change left, a restore could not tell whether the path changed
        // again since, and might undo someone else's work: what was kept stays, unrestorable.
        return await this.journal.fail(this.id, after, UNSEEN_RESULT);
      }
      return await this.journal.finish(this.id, after);
    } finally {
      await this.end();
    }
  }

  async finishAfterAnswer(written: Written): Promise<ChangeRecord> {
    // Only a step whose after-state is known without looking at the disk.
    const known = this.record.steps.every(
      (step) => step.kind !== 'moved' && step.kind !== 'deleted',
    );
    if (!known || this.folder) return this.finish(written);
    if (!this.flushAsked)
      throw new Error(`change ${this.id} was made before its record was on the disk`);
    try {
      await this.recorded();
      const limit = this.journal.limits.maxFileBytes;
      // The new content's hash is needed by the closing line, not by the answer.
      const after = Promise.all(
        this.record.steps.map((step) => afterOf(step, limit, this.access, written)),
      );
      const { record, settled } = this.journal.finishAfterAnswer(this.id, after);
      // Over for its tool (ChangeRecorder.close leaves it be); its paths wait for the rest.
      this.ended = true;
      void settled.then(() => this.end()).catch(() => undefined);
      return record;
    } catch (error) {
      await this.end();
      throw error;
    }
  }

  async abandon(): Promise<void> {
    try {
      if (await this.wasRecorded()) await this.journal.abandon(this.id);
    } finally {
      await this.end();
    }
  }

  async settle(): Promise<ChangeRecord | undefined> {
    try {
      if (!(await this.wasRecorded())) return undefined;
      return await settleOnDisk(this.journal, this.record, this.access);
    } finally {
      await this.end();
    }
  }

  /** Settles the change unless it already ended: the call is over (ChangeRecorder.close). */
  async settleIfOpen(): Promise<void> {
    if (!this.ended) await this.settle().catch(() => undefined);
  }

  /** The change is over: its folder closes and its paths are free for the next change. */
  private async end(): Promise<void> {
    this.ended = true;
    try {
      await this.closeFolder();
    } finally {
      this.release();
    }
  }

  /** Once only: a descriptor closed twice may close another one that reused its number. */
  private async closeFolder(): Promise<void> {
    if (this.folderClosed || !this.folder) return;
    this.folderClosed = true;
    await this.folder.close();
  }

  async removeIntoHistory(): Promise<ChangeRecord> {
    const step = this.record.steps[0];
    if (!this.folder || this.folderClosed || !step)
      throw new Error('not a deletion still to be made');
    if (step.kind !== 'deleted' && step.kind !== 'unkept') throw new Error('not a deletion');
    const name = path.basename(step.at.path);
    try {
      await this.recorded();
    } catch (error) {
      await this.end();
      throw error;
    }
    try {
      if (step.kind === 'deleted') {
        await mkdir(this.journal.payloadFolder(this.id), { mode: 0o700 });
        await moveIntoHistory(
          this.folder,
          name,
          this.journal.payloadPath(this.record, step.payload),
        );
      } else {
        // Too big to keep: the deletion still happens, and the record says it cannot be undone.
        await rm(this.folder.pathOf(name), { recursive: true });
      }
    } catch (error) {
      await this.settle().catch(() => undefined);
      throw error;
    }
    return this.finish();
  }
}

/**
 * Makes a change recorded: once its record is on the disk, runs `perform`, then finishes
 * the change, or settles it by the disk when `perform` fails (and rethrows). `written` as
 * for `finish`.
 */
export async function recordChange<Result>(
  change: PendingChange,
  perform: () => Promise<Result>,
  written?: Uint8Array,
): Promise<{ result: Result; record: ChangeRecord }> {
  return recorded(
    change,
    async () => {
      await change.recorded();
      return perform();
    },
    written,
  );
}

/**
 * recordChange for a write or edit: `data` replaces `target` atomically, and the record's
 * flush overlaps the new content's own. Both are on the disk before the rename, the one
 * step that changes what the path holds. `change` may be given as the capture still to
 * make (`() => changes.beforeWrite(target)`): it is then made while the temp file is
 * created, which is most of a small write's time, rather than before; `changeId` then
 * says which change it begins. The temp file is named after the change (writeTempName).
 */
export async function recordWrite(
  change: PendingChange | (() => Promise<PendingChange>),
  target: ResolvedPath,
  data: Uint8Array,
  options: { readonly access?: FileAccess; readonly changeId?: string } = {},
): Promise<ChangeRecord> {
  const { access } = options;
  const changeId = typeof change === 'function' ? options.changeId : change.id;
  const tempName = changeId === undefined ? undefined : writeTempName(changeId);
  let begun = typeof change === 'function' ? undefined : change;
  let capturing: Promise<PendingChange> | undefined;
  const whileFilling = async () => {
    if (typeof change !== 'function') return;
    capturing = change();
    begun = await capturing;
  };
  const beforeRename = async () => {
    await mustHave(begun).recorded();
  };
  try {
    await writeFileAtomically(target, data, { whileFilling, beforeRename, access, tempName });
  } catch (error) {
    // A capture that failed began nothing; one still under way is waited for, and settled.
    const started = begun ?? (await capturing?.catch(() => undefined));
    await started?.settle().catch(() => undefined);
    throw error;
  }
  // The answer need not wait for the record's closing line and the store's move.
  return mustHave(begun).finishAfterAnswer(data);
}

function mustHave(change: PendingChange | undefined): PendingChange {
  if (!change) throw new Error('the change was made before its capture');
  return change;
}

async function recorded<Result>(
  change: PendingChange,
  perform: () => Promise<Result>,
  written?: Written,
): Promise<{ result: Result; record: ChangeRecord }> {
  let result: Result;
  try {
    result = await perform();
  } catch (error) {
    await change.settle().catch(() => undefined);
    throw error;
  }
  return { result, record: await change.finish(written) };
}
