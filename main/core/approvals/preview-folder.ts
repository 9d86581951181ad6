import { openVerified, type VerifiedFolder } from '../fs/verified-open.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { walkTree, type WalkedEntry, type WalkedFolder } from '../tools/walk-tree.ts';

/** How much a folder holds, as the person is shown it before it is deleted or moved. */
export interface FolderCount {
  /** Everything that is not a folder: files, links, pipes. */
  readonly files: number;
  /** Folders below it (itself not counted). */
  readonly folders: number;
  /** The regular files' sizes added up. */
  readonly bytes: number;
  /** The first SAMPLE_SIZE paths below it, shallowest first, '/'-separated. */
  readonly sample: readonly string[];
  /** Not everything was counted: the entry limit, or a part that could not be read. */
  readonly atLeast: boolean;
}

export const SAMPLE_SIZE = 20;

/** A preview has no call deadline of its own; the entry limit bounds its walk. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * Counts what is in `folder`, up to `maxEntries` entries, through walkTree: every folder is
 * opened by the verified open and listed through its descriptor, and no link is followed,
 * so a folder swapped for a link on the way cannot make another folder's content count.
 */
export async function countFolder(
  policy: PathPolicy,
  folder: ResolvedPath,
  maxEntries: number,
): Promise<FolderCount> {
  let files = 0;
  let folders = 0;
  let bytes = 0;
  let atLeast = false;
  const sample: string[] = [];
  let seen = 0;
  try {
    for await (const listed of walkTree(policy, folder, {
      signal: NEVER_ABORTED,
      maxDepth: Number.POSITIVE_INFINITY,
    })) {
      if (listed.unreadable) atLeast = true;
      // Links that lead outside are listed by count only; they go with the folder all the same.
      const room = maxEntries - seen;
      const hidden = Math.min(listed.hiddenLinks, room);
      const admitted = listed.entries.slice(0, room - hidden);
      if (hidden + admitted.length < listed.hiddenLinks + listed.entries.length) atLeast = true;
      seen += hidden + admitted.length;
      files += hidden;
      for (const entry of admitted) {
        if (entry.kind === 'directory' && !entry.isLink) {
          folders += 1;
          // A guarded folder is never entered: what is in it stays uncounted.
          if (!entry.descends) atLeast = true;
        } else files += 1;
        if (sample.length < SAMPLE_SIZE) sample.push(entry.relative.join('/'));
      }
      const sized = await sizeOfFiles(policy, listed, admitted);
      if (sized === undefined) atLeast = true;
      else bytes += sized;
      // Past the limit the walk goes on only to learn whether anything at all is left.
      if (seen >= maxEntries && atLeast) break;
    }
  } catch {
    // The folder itself could not be walked (it changed since the look): say so, not zero.
    atLeast = true;
  }
  return { files, folders, bytes, sample, atLeast };
}

/**
 * The sizes of the regular files among `entries` of `listed`, looked at through that folder
 * opened again by the verified open (walkTree closes its own once listed), or undefined when
 * it can no longer be opened as the folder the walk listed.
 */
async function sizeOfFiles(
  policy: PathPolicy,
  listed: WalkedFolder,
  entries: readonly WalkedEntry[],
): Promise<number | undefined> {
  const regular = entries.filter((entry) => entry.kind === 'file' && !entry.isLink);
  if (regular.length === 0) return 0;
  const access = policy.fileAccess;
  let opened: VerifiedFolder;
  try {
    opened = await openVerified(listed.real, 'folder', access);
  } catch {
    return undefined;
  }
  try {
    const sizes = await Promise.all(
      regular.map((entry) =>
        access.lstat(opened.pathOf(entry.name)).then(
          (stats) => (stats.isFile() ? stats.size : 0),
          () => 0,
        ),
      ),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  } finally {
    opened.closeInBackground();
  }
}
