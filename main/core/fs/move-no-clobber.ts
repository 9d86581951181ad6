import { link, lstat, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError } from '../policy/policy-error.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { pooledFileAccess } from '../platform/file-access.ts';
import { copyRegularFileExclusive } from './copy-regular-file.ts';
import { openVerified } from './verified-open.ts';

/**
 * Moves a file or folder to a destination that must not exist. For files, a hard link
 * then unlink makes "must not exist" atomic: link() fails if anything appeared there.
 */
export async function moveWithoutOverwrite(
  source: ResolvedPath,
  destination: ResolvedPath,
): Promise<void> {
  if (destination.exists) throw alreadyExists();
  const sourceFolder = await openVerified(path.dirname(source.real), 'folder', pooledFileAccess);
  const destinationFolder = await openVerified(
    path.dirname(destination.real),
    'folder',
    pooledFileAccess,
  );
  try {
    // Both ends go through their verified folders, so a swap after the check moves nothing outside.
    const from = sourceFolder.pathOf(path.basename(source.real));
    const to = destinationFolder.pathOf(path.basename(destination.real));
    const sourceStats = await lstat(from);
    if (sourceStats.isFile()) await moveFile(from, to);
    else await moveFolder(from, to);
  } finally {
    await sourceFolder.close();
    await destinationFolder.close();
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
    await unlink(from);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw alreadyExists();
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK')
      throw error;
  }
  // Another volume, or a file system without hard links: copy exclusively, then remove.
  await copyRegularFileExclusive(from, to).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? alreadyExists() : error;
  });
  await unlink(from);
}

async function moveFolder(from: string, to: string): Promise<void> {
  // rename() would silently replace an empty folder, so look first; the window is small
  // and the worst case is a refused move, never a lost folder.
  const present = await lstat(to).then(
    () => true,
    () => false,
  );
  if (present) throw alreadyExists();
  await rename(from, to).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EXDEV') {
      throw new PolicyError(
        'invalid_argument',
        'Folders cannot be moved between different drives. Move the files one by one.',
      );
    }
    if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') throw alreadyExists();
    throw error;
  });
}

function alreadyExists(): PolicyError {
  return new PolicyError(
    'already_exists',
    'Something already exists at the destination. Airlock never overwrites by moving; choose another name or delete it first.',
  );
}
