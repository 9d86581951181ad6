import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError } from '../policy/policy-error.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { pooledFileAccess } from '../platform/file-access.ts';
import { notARegularFile } from './special-file.ts';
import { openVerified } from './verified-open.ts';

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW;

/** Temp files Airlock leaves only while writing; the prefix marks them as ours. */
export const TEMP_PREFIX = '.airlock-write-';

/**
 * Replaces (or creates) a file so that readers see the old content or the new, never a mix.
 * The new content goes to a temp file in the verified parent folder, then is renamed over
 * the target; rename replaces a link itself rather than following it.
 */
export async function writeFileAtomically(target: ResolvedPath, data: Uint8Array): Promise<void> {
  const mode = await existingMode(target);
  const folder = await openVerified(path.dirname(target.real), 'folder', pooledFileAccess);
  const temp = folder.pathOf(`${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  try {
    const handle = await open(temp, CREATE_NEW, mode ?? 0o666);
    try {
      await handle.writeFile(data);
      // The umask narrows the create mode; an existing file's mode must survive exactly.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await folder.assertUnchanged();
    await rename(temp, folder.pathOf(path.basename(target.real)));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    await folder.close();
  }
}

async function existingMode(target: ResolvedPath): Promise<number | undefined> {
  if (!target.exists) return undefined;
  const stats = await lstat(target.real).catch(() => undefined);
  if (!stats) return undefined;
  if (stats.isSymbolicLink()) {
    // The policy never hands out a link as a real path: one here was swapped in after the check.
    throw new PolicyError(
      'changed_during_operation',
      'The file changed while Airlock was writing it. Try again.',
    );
  }
  if (!stats.isFile()) throw notARegularFile(stats);
  return stats.mode & 0o7777;
}
