import { close, constants, type Dirent, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { pooledFileAccess, type FileAccess } from '../platform/file-access.ts';
import { assertDescriptorIs, procName, PROC_FD } from './verified-open.ts';

const DIRECTORY_FLAGS =
  constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | (constants.O_NOFOLLOW ?? 0);

export interface VerifiedDirectory {
  readonly real: string;
  /** The open descriptor; on Linux `/proc/self/fd/<fd>` names exactly this folder. */
  readonly fd: number;
  /** Fails when the folder at `real` is no longer the one that was opened. */
  assertUnchanged(): Promise<void>;
  /**
   * A path for `name` inside this very folder. On Linux it goes through the descriptor,
   * so a folder swapped for a link after the check cannot redirect it.
   */
  pathOf(name: string): string;
  /** Its entries, read through the descriptor where the platform allows it. */
  readEntries(): Promise<Dirent[]>;
  close(): Promise<void>;
  /** Closes without waiting, once nothing more is read from it. */
  closeInBackground(): void;
}

/** Holds a folder open so a later step can prove it still is the folder that was checked. */
export async function openVerifiedDirectory(real: string): Promise<VerifiedDirectory> {
  const handle = await open(real, DIRECTORY_FLAGS).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') {
      throw new PolicyError(
        'not_a_directory',
        'That path is a file, not a folder. Use read_text_file to read it.',
      );
    }
    if (error.code === 'ENOENT' || error.code === 'ELOOP') {
      throw new PolicyError(
        'changed_during_operation',
        'A folder on the path changed during the operation. Try again.',
      );
    }
    throw error;
  });
  try {
    await assertDescriptorIs(handle.fd, real, () => handle.stat());
  } catch (error) {
    await handle.close();
    throw error;
  }
  return verifiedDirectory(handle, real);
}

/** A folder the agent named, accepted by the policy, and held open. */
export interface OpenedFolder {
  readonly folder: ResolvedPath;
  readonly opened: VerifiedDirectory;
}

/**
 * Resolves and opens the folder at `raw` for listing. On Linux the folder is opened first,
 * following links, and then the kernel's name for the descriptor is judged by the policy;
 * nothing is read from it before that. So the folder checked is the folder opened, with
 * no gap for a swap between, and without a realpath first (a thread-pool trip per call).
 * O_DIRECTORY means only a folder is ever opened this way, never a device or a pipe.
 * Whenever that does not settle it (the open fails, the folder was deleted), the folder
 * is resolved and then opened, which gives the usual answer for every failure. The
 * descriptor is a plain one: a FileHandle's close alone costs about 10 µs per listing.
 */
export async function openFolderInside(policy: PathPolicy, raw: string): Promise<OpenedFolder> {
  const lexical = policy.locate(raw);
  if (PROC_FD) {
    const access = policy.fileAccess;
    const fd = await access
      .open(lexical, constants.O_RDONLY | constants.O_DIRECTORY)
      .catch(() => undefined);
    if (fd !== undefined) {
      const real = procName(fd);
      // A deleted folder's name ends in " (deleted)"; a name that is not a path is not trusted.
      if (real !== undefined && path.isAbsolute(real) && !real.endsWith(' (deleted)')) {
        let folder: ResolvedPath;
        try {
          folder = policy.acceptOpened(real, raw);
        } catch (error) {
          access.release(fd);
          throw error;
        }
        return { folder, opened: verifiedDescriptor(fd, real, access) };
      }
      access.release(fd);
    }
  }
  const folder = await policy.resolveExisting(raw);
  return { folder, opened: await openVerifiedDirectory(folder.real) };
}

function verifiedDirectory(handle: FileHandle, real: string): VerifiedDirectory {
  return {
    real,
    fd: handle.fd,
    assertUnchanged: () => assertDescriptorIs(handle.fd, real, () => handle.stat()),
    pathOf: (name: string) => (PROC_FD ? `${PROC_FD}/${handle.fd}/${name}` : path.join(real, name)),
    readEntries: () => readEntriesOf(real, handle.fd, pooledFileAccess, () => handle.stat()),
    close: () => handle.close(),
    closeInBackground: () => setImmediate(() => handle.close().catch(() => undefined)),
  };
}

/** The same, on a plain descriptor opened through `access`; its owner must close it. */
function verifiedDescriptor(fd: number, real: string, access: FileAccess): VerifiedDirectory {
  const describeOpened = () => access.fstat(fd);
  return {
    real,
    fd,
    assertUnchanged: () => assertDescriptorIs(fd, real, describeOpened),
    pathOf: (name: string) => (PROC_FD ? `${PROC_FD}/${fd}/${name}` : path.join(real, name)),
    readEntries: () => readEntriesOf(real, fd, access, describeOpened),
    close: () =>
      new Promise<void>((resolve, reject) =>
        close(fd, (error) => (error ? reject(error) : resolve())),
      ),
    closeInBackground: () => access.release(fd),
  };
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
