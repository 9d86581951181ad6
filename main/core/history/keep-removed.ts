import { link, lstat, readdir, readlink, rename, rm, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { copyRegularFileExclusive } from '../fs/copy-regular-file.ts';
import { copyTree } from '../fs/copy-tree.ts';
import type { VerifiedFolder } from '../fs/verified-open.ts';
import { HistoryError } from './history-error.ts';

/**
 * Moves the entry `name` of the verified `folder` (a file, a folder with all in it, or a
 * link as itself) to `kept`, a new name in history: a rename on the same disk, costing
 * nothing; across disks a copy, and the original removed only once the copy is whole.
 * A file with other hard links is copied, so that writing through them cannot change
 * what history keeps.
 */
export async function moveIntoHistory(
  folder: VerifiedFolder,
  name: string,
  kept: string,
): Promise<void> {
  const source = folder.pathOf(name);
  const stats = await lstat(source);
  if (stats.isFile() && stats.nlink > 1) {
    await copyRegularFileExclusive(source, kept);
    await unlink(source);
    return;
  }
  try {
    await rename(source, kept);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  try {
    await copyTree(source, kept);
  } catch (error) {
    // A half copy (a pipe inside the folder) must not pass for what was kept.
    await rm(kept, { recursive: true, force: true });
    throw error;
  }
  await rm(source, { recursive: true });
}

/**
 * Puts `kept` back as the entry `name` of the verified `folder`, never replacing anything
 * there: a file by a hard link (which fails if the name is taken) then the kept name
 * removed, a link recreated, a folder renamed after a look. Across disks, a copy.
 */
export async function putBack(kept: string, folder: VerifiedFolder, name: string): Promise<void> {
  const destination = folder.pathOf(name);
  const stats = await lstat(kept).catch(() => {
    throw keptCopyMissing(name);
  });
  try {
    if (stats.isSymbolicLink()) await symlink(await readlink(kept), destination);
    else if (stats.isFile()) await putFileBack(kept, destination);
    else await putFolderBack(kept, destination);
  } catch (error) {
    if (isTaken(error)) throw somethingThere(name);
    throw error;
  }
  await rm(kept, { recursive: true, force: true });
}

async function putFileBack(kept: string, destination: string): Promise<void> {
  try {
    await link(kept, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyRegularFileExclusive(kept, destination);
  }
}

async function putFolderBack(kept: string, destination: string): Promise<void> {
  // rename() would replace an empty folder there; the look closes all but a tiny window,
  // whose worst case is an empty folder replaced, never content.
  const taken = await lstat(destination).then(
    () => true,
    () => false,
  );
  if (taken) throw Object.assign(new Error(`${destination} exists`), { code: 'EEXIST' });
  try {
    await rename(kept, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    try {
      await copyTree(kept, destination);
    } catch (copyError) {
      // Something that appeared there meanwhile is not ours to remove; a half copy is.
      if (!isTaken(copyError)) await rm(destination, { recursive: true, force: true });
      throw copyError;
    }
  }
}

function isTaken(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || code === 'ENOTEMPTY';
}

/** What a file or folder holds, for the caps: stops adding once past `stopAbove` bytes. */
export interface TreeSize {
  readonly bytes: number;
  readonly largestFile: number;
}

export async function treeSize(entry: string, stopAbove: number): Promise<TreeSize> {
  let bytes = 0;
  let largestFile = 0;
  const pending = [entry];
  while (pending.length > 0 && bytes <= stopAbove) {
    const current = pending.pop() as string;
    const stats = await lstat(current).catch(() => undefined);
    if (!stats) continue;
    if (stats.isDirectory()) {
      for (const child of await readdir(current).catch(() => []))
        pending.push(path.join(current, child));
    } else if (stats.isFile()) {
      bytes += stats.size;
      largestFile = Math.max(largestFile, stats.size);
    }
  }
  return { bytes, largestFile };
}

function keptCopyMissing(name: string): HistoryError {
  return new HistoryError(
    'kept_copy_damaged',
    `History no longer holds the copy of "${name}" it kept, so it cannot be put back.`,
  );
}

function somethingThere(name: string): HistoryError {
  return new HistoryError(
    'conflict',
    `Something is already at "${name}", so the kept version was not put back. Move or rename it, then restore again.`,
  );
}
