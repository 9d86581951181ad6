import { constants } from 'node:fs';
import path from 'node:path';
import type { FileAccess } from '../platform/file-access.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import {
  holdVerified,
  openVerified,
  procName,
  PROC_FD,
  type VerifiedFolder,
} from './verified-open.ts';

/** A folder the agent named, accepted by the policy, and held open. */
export interface OpenedFolder {
  readonly folder: ResolvedPath;
  readonly opened: VerifiedFolder;
}

/**
 * Resolves and opens the folder at `raw` for listing. On Linux the folder is opened first,
 * following links, and then the kernel's name for the descriptor is judged by the policy;
 * nothing is read from it before that. So the folder checked is the folder opened, with
 * no gap for a swap between, and without a realpath first (a thread-pool trip per call).
 * O_DIRECTORY means only a folder is ever opened this way, never a device or a pipe.
 * Whenever that does not settle it (the open fails, the folder was deleted), the folder
 * is resolved and then opened the verified way, which gives the usual answer for every
 * failure.
 */
export async function openFolderInside(
  policy: PathPolicy,
  raw: string,
  access: FileAccess,
): Promise<OpenedFolder> {
  const lexical = policy.locate(raw);
  if (PROC_FD) {
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
        return { folder, opened: holdVerified(fd, real, 'folder', access) };
      }
      access.release(fd);
    }
  }
  const folder = await policy.resolveExisting(raw);
  return { folder, opened: await openVerified(folder.real, 'folder', access) };
}
