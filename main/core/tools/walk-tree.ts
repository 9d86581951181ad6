import {
  readDirectoryInside,
  segmentsOf,
  type DirectoryEntry,
  type DirectoryListing,
} from '../fs/directory-reader.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { isPolicyError, PolicyError } from '../policy/policy-error.ts';
import type { Glob } from './glob.ts';

export interface WalkOptions {
  readonly signal: AbortSignal;
  /** Deepest entry level listed: 1 lists only the root's own entries. */
  readonly maxDepth: number;
  /** Entries matching this are left out, and excluded folders are not entered. */
  readonly exclude?: Glob | undefined;
  /** Listings in flight at once: the file system answers several faster than one by one. */
  readonly concurrency?: number;
}

export interface WalkedEntry extends DirectoryEntry {
  /** Names from the walk's root down to this entry. */
  readonly relative: readonly string[];
  /** 1 for the root's own entries. */
  readonly depth: number;
  /** Whether the walk will list this folder (a real, unguarded folder within the depth). */
  readonly descends: boolean;
}

export interface WalkedFolder {
  /** The folder's real path. */
  readonly real: string;
  /** Names from the walk's root down to this folder; empty for the root. */
  readonly relative: readonly string[];
  readonly depth: number;
  /** Entries in name order, excluded ones already left out. */
  readonly entries: readonly WalkedEntry[];
  /** Links that lead outside the workspaces or nowhere: counted, never named. */
  readonly hiddenLinks: number;
  /** Entries that are Airlock's own state: counted, never named. */
  readonly hiddenAirlockState: number;
  /** The folder vanished or could not be read after its parent was listed. */
  readonly unreadable: boolean;
}

const DEFAULT_CONCURRENCY = 16;

interface QueuedFolder {
  readonly folder: ResolvedPath;
  readonly relative: readonly string[];
}

interface PendingFolder {
  readonly real: string;
  readonly relative: readonly string[];
  readonly listing: Promise<Settled<DirectoryListing>>;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Walks the folders below one the policy accepted, breadth-first, for the search and
 * tree tools. Every listing goes through readDirectoryInside, so links that lead outside
 * are hidden and counted and guarded entries are flagged. The walk never descends into a
 * link, not even one that stays inside (that keeps it free of cycles and of walking the
 * same files twice), nor into a guarded or excluded folder.
 *
 * Yields each listed folder in breadth-first order, which is the same on every call, so
 * paging through results is stable and a truncated answer shows the shallowest entries.
 */
export async function* walkTree(
  policy: PathPolicy,
  root: ResolvedPath,
  options: WalkOptions,
): AsyncGenerator<WalkedFolder, void, undefined> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const waiting: QueuedFolder[] = [{ folder: root, relative: [] }];
  let waitingHead = 0;
  const inFlight: PendingFolder[] = [];
  // Listings run ahead of the consumer, in queue order, so the order of folders never
  // depends on which listing the file system answers first.
  const fill = () => {
    while (waitingHead < waiting.length && inFlight.length < concurrency) {
      throwIfAborted(options.signal);
      const { folder, relative } = waiting[waitingHead] as QueuedFolder;
      waiting[waitingHead] = undefined as unknown as QueuedFolder;
      waitingHead += 1;
      inFlight.push({
        real: folder.real,
        relative,
        listing: settle(readDirectoryInside(policy, folder)),
      });
    }
  };
  fill();
  while (inFlight.length > 0) {
    const { real, relative, listing } = inFlight.shift() as PendingFolder;
    const outcome = await listing;
    throwIfAborted(options.signal);
    const depth = relative.length;
    if (!outcome.ok) {
      // The root must be readable; a folder that vanished or is locked mid-walk is reported.
      if (depth === 0 || !isExpectedFailure(outcome.error)) throw outcome.error;
      fill();
      yield {
        real,
        relative,
        depth,
        entries: [],
        hiddenLinks: 0,
        hiddenAirlockState: 0,
        unreadable: true,
      };
      continue;
    }
    const entries = classify(relative, outcome.value.entries, options);
    for (const entry of entries) {
      if (entry.descends) waiting.push({ folder: folderOf(root, entry), relative: entry.relative });
    }
    fill();
    yield {
      real,
      relative,
      depth,
      entries,
      hiddenLinks: outcome.value.hiddenLinks,
      hiddenAirlockState: outcome.value.hiddenAirlockState,
      unreadable: false,
    };
  }
}

/** A failed listing must not go unhandled while it waits for its turn in the queue. */
function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function classify(
  parent: readonly string[],
  entries: readonly DirectoryEntry[],
  options: WalkOptions,
): WalkedEntry[] {
  const depth = parent.length + 1;
  const walked: WalkedEntry[] = [];
  for (const entry of entries) {
    const relative = [...parent, entry.name];
    const isDirectory = entry.kind === 'directory';
    if (options.exclude?.matches(relative, isDirectory)) continue;
    const descends = isDirectory && !entry.isLink && !entry.guarded && depth < options.maxDepth;
    walked.push({ ...entry, relative, depth, descends });
  }
  return walked;
}

/** readDirectoryInside already placed a non-link entry inside the workspace; no realpath again. */
function folderOf(root: ResolvedPath, entry: DirectoryEntry): ResolvedPath {
  return { workspace: root.workspace, real: entry.real, segments: segmentsOf(entry), exists: true };
}

function isExpectedFailure(error: unknown): boolean {
  if (isPolicyError(error)) return error.code === 'changed_during_operation';
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (
    code === 'ENOENT' ||
    code === 'ENOTDIR' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'ELOOP'
  );
}

/** The refusal for a walk (or search) cut short by the call's time limit or a cancellation. */
export function throwIfAborted(signal: AbortSignal): void {
  if (!signal.aborted) return;
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
  throw new PolicyError(
    'timeout',
    timedOut
      ? 'The search reached the time limit for one call and was stopped. Search a smaller folder, leave large folders out with excludePatterns, or use a simpler pattern.'
      : 'The call was cancelled.',
  );
}
