import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { PolicyError } from '../policy/policy-error.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';

// Not defined on Windows, where the post-open identity check below carries the guarantee.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Opens the file the policy checked, and proves afterwards that it is that file.
 * Between the check and the open a folder on the way could be swapped for a link;
 * so once open, the path is resolved again and must still be the same real path
 * naming the same device and inode as the open descriptor.
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
    await assertStillSame(resolved.real, await handle.stat());
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Fails unless `real` still resolves to itself and names the object described by `opened`. */
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
