import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError } from '../policy/policy-error.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { pooledFileAccess, type FileAccess } from '../platform/file-access.ts';
import { notARegularFile } from './special-file.ts';
import { openVerified, type VerifiedFolder } from './verified-open.ts';

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW;

/** Temp files Airlock leaves only while writing; the prefix marks them as ours. */
export const TEMP_PREFIX = '.airlock-write-';

export interface AtomicWriteOptions {
  /**
   * Awaited, with the temp file's own flush, right before the rename: what must be on the
   * disk before the target changes (change history's record) is flushed alongside the new
   * content rather than before it. When it fails, nothing is renamed.
   */
  readonly beforeRename?: () => Promise<void>;
  /**
   * Started once the temp file's creation is under way on the thread pool, and awaited
   * before the flush: work that must come before the flush but not before the write (change
   * history keeping the old version and writing the record) runs while the new inode is
   * made, which on a busy file system is most of a write's time. When it fails, nothing is
   * renamed, and its failure is the one reported.
   */
  readonly whileFilling?: () => Promise<void>;
  /** How the parent folder is opened; the thread pool unless the caller knows better. */
  readonly access?: FileAccess | undefined;
  /**
   * The temp file's name, starting with TEMP_PREFIX, when the caller must be able to find
   * it again after a crash (change history names it after the change); a random one else.
   */
  readonly tempName?: string | undefined;
}

/**
 * Replaces (or creates) a file so that readers see the old content or the new, never a mix.
 * The new content goes to a temp file in the verified parent folder, then is renamed over
 * the target; rename replaces a link itself rather than following it.
 */
export async function writeFileAtomically(
  target: ResolvedPath,
  data: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = await existingMode(target);
  const folder = await openVerified(
    path.dirname(target.real),
    'folder',
    options.access ?? pooledFileAccess,
  );
  try {
    const name = path.basename(target.real);
    await replaceThroughTemp(folder, name, options.tempName, async (temp) => {
      const opening = open(temp, CREATE_NEW, mode ?? 0o666);
      const meanwhile = settledLater(options.whileFilling?.());
      await meanwhile.after(async () => {
        const handle = await opening;
        try {
          await handle.writeFile(data);
          // The umask narrows the create mode; an existing file's mode must survive exactly.
          if (mode !== undefined) await handle.chmod(mode);
          await meanwhile.result();
          await syncAlongside(handle, options.beforeRename);
        } finally {
          await handle.close();
        }
      });
    });
  } finally {
    await folder.close();
  }
}

/**
 * Fills a new temp file in the verified folder with `fill`, then renames it over `name`
 * once the folder is proved to be the one checked: readers see the old file or the new,
 * never a mix, and rename replaces a link itself rather than following it. The temp file
 * never outlives a failure. It is named `tempName`, or at random.
 */
export async function replaceThroughTemp(
  folder: VerifiedFolder,
  name: string,
  tempName: string | undefined,
  fill: (temp: string) => Promise<void>,
): Promise<void> {
  if (
    tempName !== undefined &&
    (!tempName.startsWith(TEMP_PREFIX) || path.basename(tempName) !== tempName)
  )
    throw new Error(`not a temp file name: ${tempName}`);
  const temp = folder.pathOf(tempName ?? `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  try {
    await fill(temp);
    await folder.assertUnchanged();
    await rename(temp, folder.pathOf(name));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Flushes the new file while `alongside` runs (what must be on the disk before the rename,
 * such as a change's record), so the two flushes overlap. Both are awaited whatever happens,
 * so neither outlives the write unobserved; the file's own failure is reported first.
 */
export async function syncAlongside(
  handle: FileHandle,
  alongside: (() => Promise<unknown>) | undefined,
): Promise<void> {
  const [own, other] = await Promise.allSettled([handle.sync(), alongside?.()]);
  if (own.status === 'rejected') throw own.reason;
  if (other.status === 'rejected') throw other.reason;
}

/**
 * Work started alongside other work: observed at once, so its failure is never unhandled;
 * `result` gives its outcome when it is due. `after` runs the other work, and when that
 * fails, waits for this one too, whose own failure is then the one reported.
 */
function settledLater(work: Promise<void> | undefined) {
  const settled = (work ?? Promise.resolve()).then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const result = async (): Promise<void> => {
    const outcome = await settled;
    if (!outcome.ok) throw outcome.error;
  };
  return {
    result,
    async after(other: () => Promise<void>): Promise<void> {
      try {
        await other();
      } catch (error) {
        await result();
        throw error;
      }
    },
  };
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
