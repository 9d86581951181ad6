import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PathPolicy } from '../policy/path-policy.ts';
import type { ChangeJournal } from './change-journal.ts';
import type { AfterState, ChangeRecord, EntryKind, Location } from './change-record.ts';
import { HistoryError } from './history-error.ts';
import { formatSize } from './history-limits.ts';
import { afterStateOf, lookAt, openHoldingFolder } from './path-state.ts';
import { openVerified } from '../fs/verified-open.ts';
import { absolutePathOf, resolveForRestore } from './restore-target.ts';

/** One thing a restore does, in order. Each is a change of its own in the restore's record. */
export type UndoAction =
  /** Whatever is at `at` moves into the restore's payload, kept. */
  | { readonly op: 'remove'; readonly at: Location }
  /** The kept content is written at `at`, atomically, with its mode. */
  | {
      readonly op: 'write';
      readonly at: Location;
      readonly sha256: string;
      readonly size: number;
      readonly mode: number;
      /** Where the content waited while its change was pending, if it is still there. */
      readonly staged: string;
    }
  /** A deleted entry comes back from `kept`, in history. */
  | {
      readonly op: 'putBack';
      readonly at: Location;
      readonly kept: string;
      readonly what: EntryKind;
    }
  /** What a move carried to `from` goes back to `to`, never replacing anything. */
  | { readonly op: 'moveBack'; readonly from: Location; readonly to: Location };

export interface RestorePlan {
  readonly record: ChangeRecord;
  readonly actions: readonly UndoAction[];
  /** What changed since the change, one sentence each. `force` restores anyway. */
  readonly conflicts: readonly string[];
}

const CREATE_DIRECTORY = 'create_directory';

/** What a path holds now, or will once the actions planned before are done. */
type Now = AfterState | { readonly kind: 'planned' };

/**
 * Works out how to put back the state from just before `record`, reading the disk through
 * the policy and changing nothing. Steps are undone last first; a path an earlier action
 * already changes is judged by what that action leaves there, not by the disk.
 */
export async function planRestore(
  journal: ChangeJournal,
  policy: PathPolicy,
  record: ChangeRecord,
): Promise<RestorePlan> {
  const actions: UndoAction[] = [];
  const conflicts: string[] = [];
  const planned = new Map<string, Now>();
  const keyOf = (location: Location) => `${location.root}\0${location.path}`;
  const now = async (location: Location, expected?: AfterState): Promise<Now> =>
    planned.get(keyOf(location)) ?? observe(journal, policy, location, expected);
  const shown = (location: Location) => absolutePathOf(policy, location);

  for (const [index, step] of [...record.steps.entries()].reverse()) {
    switch (step.kind) {
      case 'unkept':
        throw notUndoable(record);
      case 'staged':
        // Only a change still being made holds one, and restores refuse those first.
        throw new Error(`change ${record.id} has a kept version not hashed yet`);
      case 'file': {
        const current = await now(step.at, step.after);
        if (step.after && !matches(step.after, current))
          conflicts.push(describe(shown(step.at), step.after, current));
        if (current.kind === 'folder' || current.kind === 'link' || current.kind === 'special')
          actions.push({ op: 'remove', at: step.at });
        actions.push({
          op: 'write',
          at: step.at,
          sha256: step.sha256,
          size: step.size,
          mode: step.mode,
          staged: journal.stagedPath(record.id, index),
        });
        planned.set(keyOf(step.at), { kind: 'file', sha256: step.sha256, size: step.size });
        break;
      }
      case 'absent': {
        const current = await now(step.at, step.after);
        if (current.kind === 'absent') {
          conflicts.push(`${shown(step.at)} is already gone.`);
          break;
        }
        if (step.after && !matches(step.after, current))
          conflicts.push(describe(shown(step.at), step.after, current));
        else if (current.kind === 'folder' && record.tool === CREATE_DIRECTORY) {
          // The folders it made were empty: anything in them now was made since. (A folder
          // a restore put back came with its content, which goes back with it.)
          const inside = await filesInside(policy, step.at);
          if (inside.length > 0)
            conflicts.push(`${shown(step.at)} now holds ${listed(inside)}, made since.`);
        }
        actions.push({ op: 'remove', at: step.at });
        planned.set(keyOf(step.at), { kind: 'absent' });
        break;
      }
      case 'deleted': {
        const kept = journal.payloadPath(record, step.payload);
        if (!(await exists(kept))) throw keptCopyMissing(shown(step.at));
        const current = await now(step.at, step.after);
        if (current.kind !== 'absent' && current.kind !== 'planned') {
          conflicts.push(describe(shown(step.at), step.after ?? { kind: 'absent' }, current));
          actions.push({ op: 'remove', at: step.at });
        }
        actions.push({ op: 'putBack', at: step.at, kept, what: step.what });
        planned.set(keyOf(step.at), { kind: 'planned' });
        break;
      }
      case 'moved': {
        const carried = await now(step.to, step.after);
        if (carried.kind === 'absent') {
          throw new HistoryError(
            'conflict',
            `${shown(step.to)} is no longer where it was moved, so it cannot be moved back to ${shown(step.from)}.`,
          );
        }
        if (step.after && !matches(step.after, carried))
          conflicts.push(describe(shown(step.to), step.after, carried));
        const origin = await now(step.from, { kind: 'absent' });
        if (origin.kind !== 'absent' && origin.kind !== 'planned') {
          conflicts.push(`Something new is at ${shown(step.from)}, where it was moved from.`);
          actions.push({ op: 'remove', at: step.from });
        }
        actions.push({ op: 'moveBack', from: step.to, to: step.from });
        planned.set(keyOf(step.to), { kind: 'absent' });
        planned.set(keyOf(step.from), { kind: 'planned' });
        break;
      }
    }
  }
  return { record, actions, conflicts };
}

export function notUndoable(record: ChangeRecord): HistoryError {
  return new HistoryError(
    'not_undoable',
    `This change cannot be undone: ${record.reason ?? 'history did not keep what it replaced.'}`,
  );
}

/** What is at `location` now, as an after-state; a file is hashed only when its size matches. */
async function observe(
  journal: ChangeJournal,
  policy: PathPolicy,
  location: Location,
  expected: AfterState | undefined,
): Promise<AfterState> {
  const resolved = await resolveForRestore(policy, location);
  if (!resolved) return { kind: 'absent' };
  const folder = await openHoldingFolder(resolved.real, policy.fileAccess);
  if (!folder) return { kind: 'absent' };
  try {
    const name = path.basename(resolved.real);
    const seen = await lookAt(folder, name, policy.fileAccess);
    if (seen.kind === 'file' && expected?.kind === 'file' && expected.size !== seen.stats.size)
      return { kind: 'file', size: seen.stats.size };
    return await afterStateOf(seen, folder, name, journal.limits.maxFileBytes, policy.fileAccess);
  } finally {
    await folder.close();
  }
}

/** Whether the path still holds what the change left there. */
export function matches(after: AfterState, current: Now): boolean {
  if (current.kind === 'planned') return true;
  switch (after.kind) {
    case 'file':
      if (current.kind !== 'file' || current.size !== after.size) return false;
      if (after.sha256) return current.sha256 === after.sha256;
      return current.dev === after.dev && current.ino === after.ino;
    case 'link':
      return current.kind === 'link' && current.target === after.target;
    case 'folder':
    case 'absent':
    case 'special':
      return current.kind === after.kind;
  }
}

/** What changed at `shown` since the change, in one sentence for the person. */
function describe(shown: string, after: AfterState, current: Now): string {
  if (current.kind === 'absent') return `${shown} was deleted since.`;
  if (after.kind === 'absent') return `Something new is at ${shown}.`;
  if (current.kind !== after.kind)
    return `${shown} is now ${kindWords(current.kind)}; it was ${kindWords(after.kind)} after this change.`;
  if (current.kind === 'file' && after.kind === 'file') {
    return current.size === after.size
      ? `${shown} was changed since (same size, different content).`
      : `${shown} was changed since: it is now ${formatSize(current.size)}, and was ${formatSize(after.size)} after this change.`;
  }
  if (current.kind === 'link' && after.kind === 'link')
    return `${shown} now links to ${current.target}; it linked to ${after.target} after this change.`;
  return `${shown} was replaced since.`;
}

function kindWords(kind: string): string {
  const words: Record<string, string> = {
    file: 'a file',
    folder: 'a folder',
    link: 'a link',
    special: 'a special file',
  };
  return words[kind] ?? kind;
}

/**
 * The first few files and links inside a folder a change created, which held only folders
 * then. Read below the folder's verified descriptor; links are named, never entered.
 */
async function filesInside(policy: PathPolicy, location: Location): Promise<string[]> {
  const resolved = await resolveForRestore(policy, location);
  if (!resolved) return [];
  const folder = await openVerified(resolved.real, 'folder', policy.fileAccess);
  const found: string[] = [];
  try {
    const pending = [''];
    while (pending.length > 0 && found.length < 4) {
      const below = pending.pop() as string;
      const entries = await readdir(folder.pathOf(below), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const name = below ? `${below}/${entry.name}` : entry.name;
        if (entry.isDirectory()) pending.push(name);
        else found.push(name);
      }
    }
  } finally {
    await folder.close();
  }
  return found;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and more` : shown;
}

function keptCopyMissing(shown: string): HistoryError {
  return new HistoryError(
    'kept_copy_damaged',
    `History no longer holds what was deleted from ${shown}, so it cannot be put back.`,
  );
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}
