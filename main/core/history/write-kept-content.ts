import { constants } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import path from 'node:path';
import { replaceThroughTemp, syncAlongside } from '../fs/atomic-write.ts';
import { changedWhileOpening } from '../fs/verified-open.ts';
import type { FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { hashDescriptor } from './file-hash.ts';
import { HistoryError } from './history-error.ts';
import { openExistingHoldingFolder } from './path-state.ts';

// A clone where the file system can, else a copy; and never onto anything already there.
const CLONE_OR_COPY = constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE;
const OPEN_OWN_TEMP = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Writes kept content back at `target` as the agent's writes are made: into a temp file
 * in the verified parent folder, then renamed over the target, so readers see the old file
 * or the restored one, never a mix. The temp file is a clone or copy of the blob, never a
 * hard link (a later write into the file would change history), and is hashed before the
 * rename: only the very bytes that were kept are put back. Its mode is set exactly. The
 * temp file is named `tempName`, or at random.
 */
export async function writeKeptContent(
  target: ResolvedPath,
  blob: string,
  expected: { readonly sha256: string; readonly mode: number },
  access: FileAccess,
  beforeRename: () => Promise<void> = () => Promise.resolve(),
  tempName?: string,
): Promise<void> {
  const folder = await openExistingHoldingFolder(target.real, access);
  try {
    await replaceThroughTemp(folder, path.basename(target.real), tempName, async (temp) => {
      await copyFile(blob, temp, CLONE_OR_COPY);
      const handle = await open(temp, OPEN_OWN_TEMP);
      try {
        const stats = await handle.stat();
        if (!stats.isFile() || stats.nlink !== 1) throw changedWhileOpening();
        const { sha256 } = await hashDescriptor(handle.fd, access, stats.size);
        if (sha256 !== expected.sha256) {
          throw new HistoryError(
            'kept_copy_damaged',
            `The copy history kept of ${target.real} no longer matches what was kept, so it was not put back.`,
          );
        }
        await handle.chmod(expected.mode);
        // What must be on the disk before the path changes (the restore's record) is
        // flushed alongside the restored content, and both are awaited.
        await syncAlongside(handle, beforeRename);
      } finally {
        await handle.close();
      }
    });
  } finally {
    await folder.close();
  }
}
