// The one way Airlock opens what the policy checked: by its real path, never through a link
// in the last segment, and proved after the open to be that very object. verified-open-sync.ts
// is its synchronous twin, built from the same flags, refusals and proof.
import { close, constants, readlinkSync, type Dirent, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PositionedReader } from '../platform/descriptor-io.ts';
import type { FileAccess } from '../platform/file-access.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { notARegularFile } from './special-file.ts';

/** What a verified open is for: a file to read, or a folder to list and to work inside. */
export type VerifiedKind = 'file' | 'folder';

// Not defined on Windows, where the identity check after the open carries the guarantee.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
// No effect on a regular file; a pipe or device can then neither block the open nor a read.
// A blocking open of a pipe waits until something writes to it, which froze the whole stdio
// server. Callers check on the descriptor that it is a regular file before they read.
const NON_BLOCK = constants.O_NONBLOCK ?? 0;

export const VERIFIED_OPEN_FLAGS: Readonly<Record<VerifiedKind, number>> = {
  file: constants.O_RDONLY | NO_FOLLOW | NON_BLOCK,
  // O_DIRECTORY opens only a folder, never a pipe or a device.
  folder: constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | NO_FOLLOW,
};

/**
 * On Linux the kernel names the object behind a descriptor at /proc/self/fd/N. That name
 * is decided by what was opened, not by what the path says now, so it is a proof no swap
 * can fake; and paths below a folder's /proc entry are anchored to that folder.
 */
export const PROC_FD = process.platform === 'linux' ? '/proc/self/fd' : undefined;

/** A file or folder opened by the real path the policy checked, and proved to be it. */
export interface VerifiedOpen {
  readonly kind: VerifiedKind;
  readonly real: string;
  /** The open descriptor; on Linux `/proc/self/fd/<fd>` names exactly this object. */
  readonly fd: number;
  stat(): Promise<Stats>;
  /** Fails when the object at `real` is no longer the one that was opened. */
  assertUnchanged(): Promise<void>;
  close(): Promise<void>;
  /** Closes without waiting, once nothing more is read from it. */
  closeInBackground(): void;
}

/** What the readers need of an open file; a FileHandle is one, and so is a VerifiedFile. */
export interface ReadableFile extends PositionedReader {
  stat(): Promise<Stats>;
}

export interface VerifiedFile extends VerifiedOpen, ReadableFile {
  readonly kind: 'file';
}

export interface VerifiedFolder extends VerifiedOpen {
  readonly kind: 'folder';
  /**
   * A path for `name` inside this very folder. On Linux it goes through the descriptor,
   * so a folder swapped for a link after the check cannot redirect it.
   */
  pathOf(name: string): string;
  /** Its entries, read through the descriptor where the platform allows it. */
  readEntries(): Promise<Dirent[]>;
}

export interface VerifiedOf {
  readonly file: VerifiedFile;
  readonly folder: VerifiedFolder;
}

/**
 * Opens `real`, which the policy checked, and proves afterwards that it is that object.
 * Between the check and the open a folder on the way could be swapped for a link, and
 * O_NOFOLLOW guards only the last segment; so once open, the descriptor itself must turn
 * out to name the checked real path. A file is opened non-blocking: it may be a pipe or
 * a device, which the caller must refuse after its fstat. On a plain descriptor through
 * `access`: a FileHandle costs several microseconds more per call (its close alone about
 * 10 µs of CPU), and a small read makes four of them per request.
 */
export async function openVerified<Kind extends VerifiedKind>(
  real: string,
  kind: Kind,
  access: FileAccess,
): Promise<VerifiedOf[Kind]> {
  let fd: number;
  try {
    fd = await access.open(real, VERIFIED_OPEN_FLAGS[kind]);
  } catch (error) {
    throw openRefusal(kind, error as NodeJS.ErrnoException);
  }
  const opened = holdVerified(fd, real, kind, access);
  try {
    await opened.assertUnchanged();
    return opened;
  } catch (error) {
    opened.closeInBackground();
    throw error;
  }
}

/**
 * Holds `fd`, already proved to be the object at `real`: by openVerified, or by the kernel's
 * own name for it, judged by the policy (openFolderInside). Its owner must close it.
 */
export function holdVerified<Kind extends VerifiedKind>(
  fd: number,
  real: string,
  kind: Kind,
  access: FileAccess,
): VerifiedOf[Kind] {
  const describeOpened = () => access.fstat(fd);
  const held = {
    real,
    fd,
    stat: describeOpened,
    assertUnchanged: () => assertDescriptorIs(fd, real, describeOpened),
    close: () =>
      new Promise<void>((resolve, reject) =>
        close(fd, (error) => (error ? reject(error) : resolve())),
      ),
    closeInBackground: () => access.release(fd),
  };
  const verified: VerifiedFile | VerifiedFolder =
    kind === 'file'
      ? {
          ...held,
          kind: 'file',
          read: async (buffer, offset, length, position) => ({
            bytesRead: await access.read(fd, buffer, offset, length, position),
          }),
        }
      : {
          ...held,
          kind: 'folder',
          pathOf: (name) => (PROC_FD ? `${PROC_FD}/${fd}/${name}` : path.join(real, name)),
          readEntries: () => readEntriesOf(real, fd, access, describeOpened),
        };
  return verified as VerifiedOf[Kind];
}

/**
 * On Linux through the descriptor's /proc entry, which names the opened folder itself; a
 * folder swapped for a link after the check cannot redirect it. Elsewhere by its path,
 * and then the folder must still be the one opened.
 */
async function readEntriesOf(
  real: string,
  fd: number,
  access: FileAccess,
  describeOpened: () => Promise<Stats>,
): Promise<Dirent[]> {
  if (PROC_FD) return access.readdir(`${PROC_FD}/${fd}`);
  const entries = await access.readdir(real);
  await assertDescriptorIs(fd, real, describeOpened);
  return entries;
}

/** Fails unless the open descriptor `fd` is the object at `real`. */
async function assertDescriptorIs(
  fd: number,
  real: string,
  describeOpened: () => Promise<Stats>,
): Promise<void> {
  if (PROC_FD) {
    // Synchronous on purpose: procfs answers from memory, and this runs on every open.
    if (procName(fd) !== real) throw changedWhileOpening();
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
  if (again !== real) throw changedWhileOpening();
  const now = await stat(again).catch(() => undefined);
  if (!isSameObject(now, opened)) throw changedWhileOpening();
}

/** Whether `now`, what a path names at this moment, is the object `opened` describes. */
export function isSameObject(now: Stats | undefined, opened: Stats): boolean {
  return now !== undefined && now.dev === opened.dev && now.ino === opened.ino;
}

/** Why opening `kind` failed, in the words a tool answers with. */
export function openRefusal(kind: VerifiedKind, error: NodeJS.ErrnoException): Error {
  return kind === 'file' ? fileOpenRefusal(error) : folderOpenRefusal(error);
}

function fileOpenRefusal(error: NodeJS.ErrnoException): Error {
  if (error.code === 'ELOOP' || error.code === 'ENOENT' || error.code === 'ENOTDIR')
    return changedWhileOpening();
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

function folderOpenRefusal(error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOTDIR') {
    return new PolicyError(
      'not_a_directory',
      'That path is a file, not a folder. Use read_text_file to read it.',
    );
  }
  if (error.code === 'ENOENT' || error.code === 'ELOOP') {
    return new PolicyError(
      'changed_during_operation',
      'A folder on the path changed during the operation. Try again.',
    );
  }
  return error;
}

/** The refusal when what was opened is not what the policy checked. */
export function changedWhileOpening(): PolicyError {
  return new PolicyError(
    'changed_during_operation',
    'The file or a folder on its path changed while Airlock was opening it. Try again.',
  );
}
