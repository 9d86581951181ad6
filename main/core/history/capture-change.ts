import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { notARegularFile } from '../fs/special-file.ts';
import { changedWhileOpening, type VerifiedFolder } from '../fs/verified-open.ts';
import { pooledFileAccess, type FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import type { ChangeJournal } from './change-journal.ts';
import { afterOf, settleOnDisk } from './change-outcome.ts';
import { CHANGE_RECORD_VERSION, type AfterState, type ChangeRecord } from './change-record.ts';
import {
  entryKindOf,
  identityOf,
  keepFile,
  locationOf,
  noteDeletion,
  type Captured,
} from './capture-state.ts';
import { moveIntoHistory } from './keep-removed.ts';
import { lookAt, openExistingHoldingFolder, type SeenEntry } from './path-state.ts';

/** Who makes a change: the tool call it belongs to. */
export interface ChangeCall {
  /** The call's correlation id. It becomes the change's id, which the tool's answer gives. */
  readonly id: string;
  readonly tool: string;
  /** The client's name and version. */
  readonly client?: string;
  /** The MCP session, or the CLI run. */
  readonly session?: string;
}

/** A change whose record is written and whose change is about to be made. */
export interface PendingChange {
  readonly id: string;
  /** False when history could not keep what the change replaces; `reason` says why. */
  readonly undoable: boolean;
  readonly reason?: string;
  /**
   * Records what the change left and marks it done. `written`, the bytes a write or edit
   * put in its file, spares reading them back to hash them.
   */
  finish(written?: Uint8Array): Promise<ChangeRecord>;
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

/** The capture helpers, bound to one tool call. Each is called right before its change. */
export interface ChangeRecorder {
  /** Before write_file: an existing file's content is kept; a new file is noted as absent. */
  beforeWrite(target: ResolvedPath): Promise<PendingChange>;
  /** Before edit_file: the file's content is kept. */
  beforeEdit(target: ResolvedPath): Promise<PendingChange>;
  /** Before move_file (`from` resolved as the link itself, `to` for create). */
  beforeMove(from: ResolvedPath, to: ResolvedPath): Promise<PendingChange>;
  /** Before delete_file (resolved as the link itself); the helper makes the deletion. */
  beforeDelete(target: ResolvedPath): Promise<PendingDeletion>;
  /** Before create_directory: `topmost` is the highest folder it will create. */
  beforeCreateDirectory(topmost: ResolvedPath): Promise<PendingChange>;
}

/**
 * The capture helpers for the call `call`. Paths come from the policy (resolved and checked
 * with assertMayChange); every file and folder is opened through the verified open, with
 * `access`.
 */
export function changeRecorder(
  journal: ChangeJournal,
  call: ChangeCall,
  access: FileAccess = pooledFileAccess,
): ChangeRecorder {
  const beforeWrite = async (target: ResolvedPath): Promise<PendingChange> =>
    withEntry(journal, call, target, access, async (place, seen) => {
      if (seen.kind === 'absent') return begin([{ step: { kind: 'absent', at: place.at } }]);
      // The policy hands out real paths: a link at one was put there since.
      if (seen.kind === 'link') throw changedWhileOpening();
      if (seen.kind !== 'file') throw notARegularFile(seen.stats);
      const budget = await journal.budget();
      const captured = await keepFile(journal, call.id, 0, place, seen.stats, budget, access);
      return begin([captured]);
    });
  return {
    beforeWrite,
    beforeEdit: beforeWrite,
    beforeMove: (from, to) =>
      withEntry(journal, call, from, access, async (place, seen) => {
        if (seen.kind === 'absent') throw vanished();
        const identity = await identityOf(
          place.folder,
          place.name,
          seen,
          journal.limits.maxFileBytes,
          access,
        );
        const what = entryKindOf(seen);
        const step = { kind: 'moved', from: place.at, to: locationOf(to), what, identity } as const;
        return begin([{ step }]);
      }),
    beforeDelete: (target) =>
      withEntry(
        journal,
        call,
        target,
        access,
        async (place, seen) => {
          if (seen.kind === 'absent') throw vanished();
          const budget = await journal.budget();
          const captured = await noteDeletion(journal, place, seen, DELETED_ITEM, budget);
          return begin([captured], place.folder);
        },
        { keepOpen: true },
      ),
    beforeCreateDirectory: (topmost) =>
      withEntry(journal, call, topmost, access, async (place, seen) => {
        if (seen.kind !== 'absent') {
          throw new PolicyError(
            'changed_during_operation',
            'Something appeared where the folder was being created. Try again.',
          );
        }
        return begin([{ step: { kind: 'absent', at: place.at } }]);
      }),
  };

  async function begin(
    captured: readonly Captured[],
    deletionFolder?: VerifiedFolder,
  ): Promise<JournaledChange> {
    const record = await beginChange(journal, call, captured);
    return new JournaledChange(journal, record, access, deletionFolder);
  }
}

const UNSEEN_RESULT =
  'Airlock could not look at what this change left (a folder on its path changed), so it cannot be undone safely.';

/** The payload name of the item a deletion removes. */
const DELETED_ITEM = 'item';

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
  try {
    await journal.begin(record);
  } catch (error) {
    for (const [index, step] of record.steps.entries())
      if (step.kind === 'file') await journal.store.release(journal.stagedPath(record.id, index));
    throw error;
  }
  return record;
}

class JournaledChange implements PendingDeletion {
  readonly id: string;
  readonly undoable: boolean;
  readonly reason?: string;
  private readonly journal: ChangeJournal;
  private readonly record: ChangeRecord;
  private readonly access: FileAccess;
  /** For a deletion: the verified folder holding the entry, open until it is removed. */
  private readonly folder: VerifiedFolder | undefined;
  private folderClosed = false;

  constructor(
    journal: ChangeJournal,
    record: ChangeRecord,
    access: FileAccess,
    folder?: VerifiedFolder,
  ) {
    this.journal = journal;
    this.record = record;
    this.access = access;
    this.folder = folder;
    this.id = record.id;
    this.undoable = record.undoable;
    if (record.reason) this.reason = record.reason;
  }

  async finish(written?: Uint8Array): Promise<ChangeRecord> {
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
      await this.closeFolder();
    }
  }

  async abandon(): Promise<void> {
    try {
      await this.journal.abandon(this.id);
    } finally {
      await this.closeFolder();
    }
  }

  async settle(): Promise<ChangeRecord | undefined> {
    try {
      return await settleOnDisk(this.journal, this.record, this.access);
    } finally {
      await this.closeFolder();
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
 * Runs `capture` on the entry `target` names, looked at through its verified folder, once
 * the call's id is known to be new. The folder is closed afterwards, unless `keepOpen`
 * hands it on (a deletion moves through it).
 */
async function withEntry<Result>(
  journal: ChangeJournal,
  call: ChangeCall,
  target: ResolvedPath,
  access: FileAccess,
  capture: (
    place: { folder: VerifiedFolder; name: string; at: ReturnType<typeof locationOf> },
    seen: SeenEntry,
  ) => Promise<Result>,
  options: { keepOpen?: boolean } = {},
): Promise<Result> {
  await journal.assertNewId(call.id);
  const at = locationOf(target);
  const folder = await openExistingHoldingFolder(target.real, access);
  let handedOn = false;
  try {
    const result = await capture(
      { folder, name: path.basename(target.real), at },
      await lookAt(folder, path.basename(target.real)),
    );
    handedOn = options.keepOpen === true;
    return result;
  } finally {
    if (!handedOn) await folder.close();
  }
}

function vanished(): PolicyError {
  return new PolicyError(
    'changed_during_operation',
    'The file or folder changed while Airlock was preparing the change. Try again.',
  );
}

/**
 * Makes a change recorded: runs `perform`, then finishes the change, or settles it by the
 * disk when `perform` fails (and rethrows). `written` as for `finish`.
 */
export async function recordChange<Result>(
  change: PendingChange,
  perform: () => Promise<Result>,
  written?: Uint8Array,
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
