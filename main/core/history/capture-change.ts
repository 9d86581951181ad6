import path from 'node:path';
import { notARegularFile } from '../fs/special-file.ts';
import { changedWhileOpening, type VerifiedFolder } from '../fs/verified-open.ts';
import { pooledFileAccess, type FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import type { ChangeJournal } from './change-journal.ts';
import {
  entryKindOf,
  identityOf,
  keepFile,
  locationOf,
  noteDeletion,
  type Captured,
} from './capture-state.ts';
import { lookAt, openExistingHoldingFolder, type SeenEntry } from './path-state.ts';
import {
  beginChange,
  JournaledChange,
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

/** The payload name of the item a deletion removes. */
const DELETED_ITEM = 'item';

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
