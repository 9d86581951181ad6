import type { Stats } from 'node:fs';
import type { VerifiedFolder } from '../fs/verified-open.ts';
import type { FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import type { ChangeJournal } from './change-journal.ts';
import type { ChangeStep, EntryKind, Location } from './change-record.ts';
import { whyNotKept, type TotalBudget } from './history-limits.ts';
import { treeSize } from './keep-removed.ts';
import { hashFileIn, openFileIn, type SeenEntry } from './path-state.ts';

/** One path's before-state as a step, and why it could not be kept, if it could not. */
export interface Captured {
  readonly step: ChangeStep;
  readonly reason?: string;
}

/** Where a path the policy accepted lies: its workspace root and the segments below it. */
export function locationOf(target: ResolvedPath): Location {
  if (target.segments.length === 0)
    throw new Error('a workspace root itself is never changed, so it is never recorded');
  return { root: target.workspace.root, path: target.segments.join('/') };
}

/**
 * Keeps the content of the file `name` in `folder` (which `seen` described) for step
 * `index` of change `id` (hashed once the change is made), or notes it as unkept when it
 * is over a cap.
 */
export async function keepFile(
  journal: ChangeJournal,
  id: string,
  index: number,
  place: { readonly folder: VerifiedFolder; readonly name: string; readonly at: Location },
  seen: Stats,
  budget: TotalBudget,
  access: FileAccess,
): Promise<Captured> {
  const { folder, name, at } = place;
  const size = { what: 'file', bytes: seen.size, largestFile: seen.size } as const;
  const reason = whyNotKept(size, journal.limits, budget);
  if (reason) return { step: { kind: 'unkept', at, what: 'file', bytes: seen.size }, reason };
  const kept = await journal.store.keep(folder, name, seen, journal.stagedPath(id, index), () =>
    openFileIn(folder, name, seen, access),
  );
  return { step: { kind: 'staged', at, size: kept.size, mode: kept.mode } };
}

/**
 * Notes an entry about to be moved into the change's payload as `payload`: its kind and
 * size, or unkept when it is over a cap (it is then removed for good).
 */
export async function noteDeletion(
  journal: ChangeJournal,
  place: { readonly folder: VerifiedFolder; readonly name: string; readonly at: Location },
  seen: Exclude<SeenEntry, { kind: 'absent' }>,
  payload: string,
  budget: TotalBudget,
): Promise<Captured> {
  const { folder, name, at } = place;
  const what = entryKindOf(seen);
  const bytes = what === 'file' ? seen.stats.size : 0;
  const size =
    what === 'folder'
      ? { what, ...(await treeSize(folder.pathOf(name), budget.bytes)) }
      : { what: 'file' as const, bytes, largestFile: bytes };
  const reason = whyNotKept(size, journal.limits, budget);
  if (reason) return { step: { kind: 'unkept', at, what, bytes: size.bytes }, reason };
  return { step: { kind: 'deleted', at, what, payload, bytes: size.bytes } };
}

/** The identity of what a move will carry: device and inode, and a file's hash. */
export async function identityOf(
  folder: VerifiedFolder,
  name: string,
  seen: Exclude<SeenEntry, { kind: 'absent' }>,
  maxHashBytes: number,
  access: FileAccess,
): Promise<{ dev: number; ino: number; sha256?: string }> {
  const { dev, ino, size } = seen.stats;
  if (seen.kind !== 'file' || size > maxHashBytes) return { dev, ino };
  const { sha256 } = await hashFileIn(folder, name, seen.stats, access);
  return { dev, ino, sha256 };
}

/** A pipe or device is moved or deleted as a file would be: its name is all there is. */
/**
 * The step of a move: its two places, and the kind and identity of what moves (its hash, for
 * a file within the per-file cap), so undoing it can tell it is still the same thing.
 */
export async function movedStep(
  place: { readonly folder: VerifiedFolder; readonly name: string },
  seen: Exclude<SeenEntry, { kind: 'absent' }>,
  from: Location,
  to: Location,
  maxHashBytes: number,
  access: FileAccess,
) {
  const identity = await identityOf(place.folder, place.name, seen, maxHashBytes, access);
  return { kind: 'moved', from, to, what: entryKindOf(seen), identity } as const;
}

export function entryKindOf(seen: Exclude<SeenEntry, { kind: 'absent' }>): EntryKind {
  if (seen.kind === 'folder') return 'folder';
  if (seen.kind === 'link') return 'link';
  return 'file';
}
