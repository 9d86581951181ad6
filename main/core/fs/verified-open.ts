import { constants, readlinkSync, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { PolicyError } from '../policy/policy-error.ts';
import type { FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { notARegularFile } from './special-file.ts';
import type { PositionedReader } from '../platform/descriptor-io.ts';

// Not defined on Windows, where the post-open identity check below carries the guarantee.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
// No effect on a regular file; a pipe or device can then neither block the open nor a read.
// Every open of a workspace file carries it: a blocking open of a pipe waits until
// something writes to it, which froze the whole stdio server. Callers check on the
// descriptor that it is a regular file (notARegularFile) before they read.
const NON_BLOCK = constants.O_NONBLOCK ?? 0;

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
 * turn out to name the checked real path. Opened non-blocking: what was opened may be a
 * pipe or a device, which the caller must refuse after its fstat.
 */
export async function openVerified(
  resolved: ResolvedPath,
  flags: number = constants.O_RDONLY,
): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(resolved.real, flags | NO_FOLLOW | NON_BLOCK);
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

/** What the readers need of an open file; a FileHandle is one, and so is a VerifiedFile. */
export interface ReadableFile extends PositionedReader {
  stat(): Promise<Stats>;
}

/** A file opened and proven like openVerified's, held as a plain descriptor. */
export interface VerifiedFile extends ReadableFile {
  readonly fd: number;
  /** Closes without waiting: nothing a reader answers depends on the close. */
  closeInBackground(): void;
}

/**
 * openVerified for the hot read path, on a plain descriptor through `access`: a FileHandle
 * costs several microseconds more per call (its close alone about 10 µs of CPU), and a
 * small read makes four of them per request. Opened non-blocking like openVerified, which
 * also lets readTextInside's first read run alongside fstat.
 */
export async function openVerifiedFile(
  resolved: ResolvedPath,
  access: FileAccess,
): Promise<VerifiedFile> {
  let fd: number;
  try {
    fd = await access.open(resolved.real, constants.O_RDONLY | NO_FOLLOW | NON_BLOCK);
  } catch (error) {
    throw openRefusal(error as NodeJS.ErrnoException);
  }
  const file: VerifiedFile = {
    fd,
    stat: () => access.fstat(fd),
    read: async (buffer, offset, length, position) => ({
      bytesRead: await access.read(fd, buffer, offset, length, position),
    }),
    closeInBackground: () => access.release(fd),
  };
  try {
    await assertDescriptorIs(fd, resolved.real, () => file.stat());
    return file;
  } catch (error) {
    file.closeInBackground();
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
    if (procName(fd) !== real) throw changed();
    return;
  }
  await assertStillSame(real, await describeOpened());
}

/** The kernel's name for what descriptor `fd` has open (Linux only), or undefined. */
export function procName(fd: number): string | undefined {
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
  // A socket cannot be opened at all (ENXIO on Linux, EOPNOTSUPP on macOS).
  if (error.code === 'ENXIO' || error.code === 'EOPNOTSUPP') return notARegularFile();
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
