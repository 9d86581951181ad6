import path from 'node:path';
import { notARegularFile } from '../fs/special-file.ts';
import { changedWhileOpening, type VerifiedFolder } from '../fs/verified-open.ts';
import { pooledFileAccess, type FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { isPolicyError, PolicyError } from '../policy/policy-error.ts';
import type { ChangeJournal } from './change-journal.ts';
import { keepFile, locationOf, movedStep, noteDeletion, type Captured } from './capture-state.ts';
import { lookAt, openExistingHoldingFolder, type SeenEntry } from './path-state.ts';
import { lockPaths } from './path-locks.ts';
import {
  JournaledChange,
  startChange,
  type PendingChange,
  type PendingDeletion,
} from './pending-change.ts';

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

/** The capture helpers, bound to one tool call. Each is called right before its change. */
export interface ChangeRecorder {
  /** The id the call's change takes: the call's correlation id. */
  readonly changeId: string;
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
  /**
   * Once the call is over: a change begun and then neither finished, settled nor abandoned
   * (the tool failed in between) is settled by what the disk shows, and its paths freed.
   */
  close(): Promise<void>;
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
  const begun: JournaledChange[] = [];
  /**
   * Holds the paths a change touches, runs its capture, and hands the paths on to the change
   * it begins, which frees them when it ends; a capture that fails frees them at once.
   */
  const holding = async <Change extends PendingChange>(
    paths: readonly ResolvedPath[],
    capture: (release: () => void) => Promise<Change>,
  ): Promise<Change> => {
    // A reused id is refused before waiting on the paths its first change may still hold.
    await journal.assertNewId(call.id);
    const release = await lockPaths(paths.map((one) => one.real));
    try {
      return await capture(release);
    } catch (error) {
      release();
      throw error;
    }
  };
  const beforeWrite = (target: ResolvedPath): Promise<PendingChange> =>
    holding([target], (release) =>
      withEntry(target, access, async (place, seen) => {
        if (seen.kind === 'absent')
          return begin([{ step: { kind: 'absent', at: place.at } }], release);
        // The policy hands out real paths: a link at one was put there since.
        if (seen.kind === 'link') throw changedWhileOpening();
        if (seen.kind !== 'file') throw notARegularFile(seen.stats);
        const budget = await journal.budget();
        const captured = await keepFile(journal, call.id, 0, place, seen.stats, budget, access);
        return begin([captured], release);
      }),
    );
  return {
    changeId: call.id,
    beforeWrite,
    beforeEdit: beforeWrite,
    beforeMove: (from, to) =>
      holding([from, to], (release) =>
        withEntry(from, access, async (place, seen) => {
          if (seen.kind === 'absent') throw vanished();
          const limit = journal.limits.maxFileBytes;
          const step = await movedStep(place, seen, place.at, locationOf(to), limit, access);
          return begin([{ step }], release);
        }),
      ),
    beforeDelete: (target) =>
      holding([target], (release) =>
        withEntry(
          target,
          access,
          async (place, seen) => {
            if (seen.kind === 'absent') throw vanished();
            const budget = await journal.budget();
            const captured = await noteDeletion(journal, place, seen, DELETED_ITEM, budget);
            return begin([captured], release, place.folder);
          },
          { keepOpen: true },
        ),
      ),
    beforeCreateDirectory: (topmost) =>
      holding([topmost], (release) =>
        withEntry(topmost, access, async (place, seen) => {
          if (seen.kind !== 'absent') {
            throw new PolicyError(
              'changed_during_operation',
              'Something appeared where the folder was being created. Try again.',
            );
          }
          return begin([{ step: { kind: 'absent', at: place.at } }], release);
        }),
      ),
    async close() {
      for (const change of begun.splice(0)) await change.settleIfOpen();
    },
  };

  /**
   * Writes the change's record and gives the change while the record's flush is under
   * way: it reaches the disk while the tool prepares the change, which waits for it
   * (`recorded`) before changing anything.
   */
  async function begin(
    captured: readonly Captured[],
    release: () => void,
    deletionFolder?: VerifiedFolder,
  ): Promise<JournaledChange> {
    const { record, recorded } = await startChange(journal, call, captured);
    const change = new JournaledChange(journal, record, access, {
      recorded,
      release,
      ...(deletionFolder ? { folder: deletionFolder } : {}),
    });
    begun.push(change);
    return change;
  }
}

/** The payload name of the item a deletion removes. */
const DELETED_ITEM = 'item';

/**
 * How often a capture is tried when the entry changes under it. Someone else's save can
 * replace a file between the look and the keep; the capture then starts over rather than
 * fail the agent's change, and keeps what is there at the last look.
 */
const CAPTURE_ATTEMPTS = 3;

/**
 * Runs `capture` on the entry `target` names, looked at through its verified folder (the
 * call's id is known to be new by then). The folder is closed afterwards, unless
 * `keepOpen` hands it on (a deletion moves through it).
 */
async function withEntry<Result>(
  target: ResolvedPath,
  access: FileAccess,
  capture: (
    place: { folder: VerifiedFolder; name: string; at: ReturnType<typeof locationOf> },
    seen: SeenEntry,
  ) => Promise<Result>,
  options: { keepOpen?: boolean } = {},
): Promise<Result> {
  const at = locationOf(target);
  for (let attempt = 1; ; attempt += 1) {
    const folder = await openExistingHoldingFolder(target.real, access);
    let handedOn = false;
    try {
      const result = await capture(
        { folder, name: path.basename(target.real), at },
        await lookAt(folder, path.basename(target.real), access),
      );
      handedOn = options.keepOpen === true;
      return result;
    } catch (error) {
      const changed = isPolicyError(error) && error.code === 'changed_during_operation';
      if (!changed || attempt === CAPTURE_ATTEMPTS) throw error;
    } finally {
      // Only looked in, and linked from: nothing waits on the close.
      if (!handedOn) folder.closeInBackground();
    }
  }
}

function vanished(): PolicyError {
  return new PolicyError(
    'changed_during_operation',
    'The file or folder changed while Airlock was preparing the change. Try again.',
  );
}
