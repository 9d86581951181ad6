import type { Stats } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import {
  changedWhileOpening,
  holdVerified,
  openVerified,
  VERIFIED_OPEN_FLAGS,
  type VerifiedFile,
  type VerifiedFolder,
} from '../fs/verified-open.ts';
import type { FileAccess } from '../platform/file-access.ts';
import { isPolicyError } from '../policy/policy-error.ts';
import type { AfterState } from './change-record.ts';
import { hashDescriptor, type ContentHash } from './file-hash.ts';

/** What one name in a folder is right now, the name itself looked at (a link not followed). */
export type SeenEntry =
  | { readonly kind: 'absent' }
  | { readonly kind: 'file' | 'folder' | 'special'; readonly stats: Stats }
  | { readonly kind: 'link'; readonly stats: Stats; readonly target: string };

/**
 * Opens the folder that holds `real` with the verified open, or gives undefined when that
 * folder does not exist (so neither does `real`). Everything history reads or changes in a
 * workspace goes through the folder this returns, never through a path looked up again.
 */
export async function openHoldingFolder(
  real: string,
  access: FileAccess,
): Promise<VerifiedFolder | undefined> {
  const parent = path.dirname(real);
  try {
    return await openVerified(parent, 'folder', access);
  } catch (error) {
    if (!isPolicyError(error)) throw error;
    const missing = await lstat(parent).then(
      () => false,
      (lookError: NodeJS.ErrnoException) =>
        lookError.code === 'ENOENT' || lookError.code === 'ENOTDIR',
    );
    if (missing) return undefined;
    // The policy found a folder here: a link or file in its place now was put there since.
    if (error.code === 'not_a_directory') throw changedWhileOpening();
    throw error;
  }
}

/** The verified folder holding `real`, which must exist. */
export async function openExistingHoldingFolder(
  real: string,
  access: FileAccess,
): Promise<VerifiedFolder> {
  const folder = await openHoldingFolder(real, access);
  if (!folder) throw changedWhileOpening();
  return folder;
}

/** What `name` in `folder` is now; looked at with `access` where the caller has one. */
export async function lookAt(
  folder: VerifiedFolder,
  name: string,
  access?: FileAccess,
): Promise<SeenEntry> {
  const entry = folder.pathOf(name);
  let stats: Stats;
  try {
    stats = await (access ? access.lstat(entry) : lstat(entry));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  if (stats.isSymbolicLink()) {
    // Replaced by something else since the look: readlink fails with EINVAL or ENOENT.
    const target = await readlink(entry).catch(() => {
      throw changedWhileOpening();
    });
    return { kind: 'link', stats, target };
  }
  if (stats.isFile()) return { kind: 'file', stats };
  if (stats.isDirectory()) return { kind: 'folder', stats };
  return { kind: 'special', stats };
}

/**
 * Opens the file `name` of `folder` as a verified file: through the folder's descriptor,
 * without following a link, without blocking, and proved to be the very file `seen`
 * described. The caller closes it.
 */
export async function openFileIn(
  folder: VerifiedFolder,
  name: string,
  seen: Stats,
  access: FileAccess,
): Promise<VerifiedFile> {
  let fd: number;
  try {
    fd = await access.open(folder.pathOf(name), VERIFIED_OPEN_FLAGS.file);
  } catch {
    throw changedWhileOpening();
  }
  const file = holdVerified(fd, path.join(folder.real, name), 'file', access);
  try {
    const opened = await file.stat();
    if (!opened.isFile() || opened.dev !== seen.dev || opened.ino !== seen.ino)
      throw changedWhileOpening();
    return file;
  } catch (error) {
    file.closeInBackground();
    throw error;
  }
}

/** The hash of the file `name` of `folder`, which `seen` described. */
export async function hashFileIn(
  folder: VerifiedFolder,
  name: string,
  seen: Stats,
  access: FileAccess,
): Promise<ContentHash> {
  const file = await openFileIn(folder, name, seen, access);
  try {
    return await hashDescriptor(file.fd, access, seen.size);
  } finally {
    // Only read: nothing waits on the close.
    file.closeInBackground();
  }
}

/**
 * What a change left at `name`, as its record keeps it. A file is hashed unless it is
 * larger than `maxHashBytes` (history keeps nothing that large, so it is known by identity).
 */
export async function afterStateIn(
  folder: VerifiedFolder | undefined,
  name: string,
  maxHashBytes: number,
  access: FileAccess,
  known?: KnownFile,
): Promise<AfterState> {
  if (!folder) return { kind: 'absent' };
  return afterStateOf(
    await lookAt(folder, name, access),
    folder,
    name,
    maxHashBytes,
    access,
    known,
  );
}

/** A file hashed already: the same file (same identity) need not be read again. */
export interface KnownFile {
  readonly dev: number;
  readonly ino: number;
  readonly sha256?: string | undefined;
}

export async function afterStateOf(
  seen: SeenEntry,
  folder: VerifiedFolder,
  name: string,
  maxHashBytes: number,
  access: FileAccess,
  known?: KnownFile,
): Promise<AfterState> {
  switch (seen.kind) {
    case 'absent':
      return { kind: 'absent' };
    case 'link':
      return { kind: 'link', target: seen.target };
    case 'folder':
      return { kind: 'folder' };
    case 'special':
      return { kind: 'special' };
    case 'file': {
      const { dev, ino, size } = seen.stats;
      if (known?.sha256 && known.dev === dev && known.ino === ino)
        return { kind: 'file', size, sha256: known.sha256 };
      if (size > maxHashBytes) return { kind: 'file', size, dev, ino };
      const hashed = await hashFileIn(folder, name, seen.stats, access);
      return { kind: 'file', size: hashed.size, sha256: hashed.sha256 };
    }
  }
}
