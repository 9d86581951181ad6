import { constants, readlinkSync, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { PolicyError } from '../policy/policy-error.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';

// Not defined on Windows, where the post-open identity check below carries the guarantee.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * On Linux the kernel names the object behind a descriptor at /proc/self/fd/N. That name
 * is decided by what was opened, not by what the path says now, so it is a proof no swap
 * can fake; and paths below a folder's /proc entry are anchored to that folder.
 */
export const PROC_FD = process.platform === 'linux' ? '/proc/self/fd' : undefined;

/**
 * Opens the file the policy checked, and proves afterwards that it is that file.
 * Between the check and the open a folder on the way could be swapped for a link, and
 * O_NOFOLLOW guards only the last segment; so once open, the descriptor itself must
 * turn out to name the checked real path.
 */
export async function openVerified(
  resolved: ResolvedPath,
  flags: number = constants.O_RDONLY,
): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(resolved.real, flags | NO_FOLLOW);
  } catch (error) {
    throw openRefusal(error as NodeJS.ErrnoException);
  }
  try {
    await assertDescriptorIs(handle.fd, resolved.real, () => handle.stat());
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Fails unless the open descriptor `fd` is the object at `real`. */
export async function assertDescriptorIs(
  fd: number,
  real: string,
  describeOpened: () => Promise<Stats>,
): Promise<void> {
  if (PROC_FD) {
    // Synchronous on purpose: procfs answers from memory, and this runs on every open.
    if (readProcLink(fd) !== real) throw changed();
    return;
  }
  await assertStillSame(real, await describeOpened());
}

function readProcLink(fd: number): string | undefined {
  try {
    return readlinkSync(`${PROC_FD}/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Where /proc is missing (macOS, Windows): `real` must still resolve to itself and name
 * the object described by `opened`. A swap back and forth between the two lookups can
 * slip past this; README's security model states that residual window.
 */
export async function assertStillSame(real: string, opened: Stats): Promise<void> {
  const again = await realpath(real).catch(() => undefined);
  if (again !== real) throw changed();
  const now = await stat(again).catch(() => undefined);
  if (!now || now.dev !== opened.dev || now.ino !== opened.ino) throw changed();
}

function openRefusal(error: NodeJS.ErrnoException): Error {
  if (error.code === 'ELOOP' || error.code === 'ENOENT' || error.code === 'ENOTDIR')
    return changed();
  if (error.code === 'EISDIR')
    return new PolicyError('not_a_file', 'That path is a folder, not a file.');
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return new PolicyError(
      'invalid_argument',
      'The system does not allow Airlock to open that file.',
    );
  }
  return error;
}

function changed(): PolicyError {
  return new PolicyError(
    'changed_during_operation',
    'The file or a folder on its path changed while Airlock was opening it. Try again.',
  );
}
