import type { Dirent } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { pooledFileAccess } from '../platform/file-access.ts';
import { openVerified, type VerifiedFolder } from './verified-open.ts';

export type EntryKind = 'file' | 'directory' | 'other';

export interface DirectoryEntry {
  readonly name: string;
  readonly kind: EntryKind;
  /** The real path of the entry, or of the link's target when the entry is a link. */
  readonly real: string;
  /**
   * The segments of the listed folder, shared by all its entries; `segmentsOf(entry)` adds
   * the entry's own name. Most listings never need an entry's segments, so none are built.
   */
  readonly folderSegments: readonly string[];
  readonly guarded: boolean;
  readonly isLink: boolean;
}

/** An entry's segments below its workspace root: its folder's, then its own name. */
export function segmentsOf(entry: DirectoryEntry): string[] {
  return [...entry.folderSegments, entry.name];
}

export interface DirectoryListing {
  readonly entries: DirectoryEntry[];
  /** Links that lead outside the workspaces or nowhere: counted, never named. */
  readonly hiddenLinks: number;
  /** Entries that are Airlock's own state (its data dir in a shared home folder): counted, never named. */
  readonly hiddenAirlockState: number;
}

/**
 * Lists a folder the policy accepted, classifying every entry against the policy. `opened`
 * is the folder already held open (see openFolderInside); otherwise it is opened here, on
 * the thread pool: the walks that list folder after folder must stay interruptible by the
 * call's time limit.
 */
export async function readDirectoryInside(
  policy: PathPolicy,
  directory: ResolvedPath,
  opened?: VerifiedFolder,
): Promise<DirectoryListing> {
  const dirents = await readVerifiedDirents(
    opened ?? (await openVerified(directory.real, 'folder', pooledFileAccess)),
  );
  const entries: DirectoryEntry[] = [];
  let hiddenLinks = 0;
  let hiddenAirlockState = 0;
  // A real path plus a name from the folder itself needs no normalizing: path.join per
  // entry cost more than the rest of a listing's classification.
  const { sep } = policy.platform.path;
  const prefix = directory.real.endsWith(sep) ? directory.real : directory.real + sep;
  // Checked once per folder, so each entry needs only its own name checked.
  const folderGuarded = policy.isGuardedSegments(directory.segments);
  const guardedName = (name: string) =>
    folderGuarded || policy.guard.isGuardedChild(directory.segments, name);
  for (const dirent of dirents) {
    const real = prefix + dirent.name;
    if (policy.isAirlockStateChild(directory, dirent.name)) {
      hiddenAirlockState += 1;
      continue;
    }
    if (!dirent.isSymbolicLink()) {
      const guarded = guardedName(dirent.name);
      entries.push({
        name: dirent.name,
        kind: kindOf(dirent),
        real,
        folderSegments: directory.segments,
        guarded,
        isLink: false,
      });
      continue;
    }
    const target = await followLinkInside(policy, real);
    if (!target) {
      hiddenLinks += 1;
      continue;
    }
    const guarded = guardedName(dirent.name) || policy.isGuardedSegments(target.resolved.segments);
    entries.push({
      name: dirent.name,
      kind: target.kind,
      real: target.resolved.real,
      folderSegments: directory.segments,
      guarded,
      isLink: true,
    });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries, hiddenLinks, hiddenAirlockState };
}

async function followLinkInside(
  policy: PathPolicy,
  linkPath: string,
): Promise<{ resolved: ResolvedPath; kind: EntryKind } | undefined> {
  const target = await realpath(linkPath).catch(() => undefined);
  if (!target) return undefined;
  const resolved = policy.classifyReal(target);
  if (!resolved) return undefined;
  const stats = await stat(target).catch(() => undefined);
  if (!stats) return undefined;
  return { resolved, kind: stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other' };
}

async function readVerifiedDirents(folder: VerifiedFolder): Promise<Dirent[]> {
  try {
    return await folder.readEntries();
  } finally {
    // Nothing in the listing depends on the close: it need not delay the answer.
    folder.closeInBackground();
  }
}

function kindOf(dirent: Dirent): EntryKind {
  if (dirent.isDirectory()) return 'directory';
  if (dirent.isFile()) return 'file';
  return 'other';
}
