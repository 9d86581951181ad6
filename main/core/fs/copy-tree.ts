import { chmod, lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';
import { copyRegularFileExclusive } from './copy-regular-file.ts';
import { notARegularFile } from './special-file.ts';

/**
 * Copies a file, a link (as the link itself) or a folder and all in it to `to`, which must
 * not exist. fs.cp would open each file with a blocking open, so a pipe inside the folder,
 * or a file swapped for one during the copy, could hold a thread for good; here every file
 * is opened without blocking, and a pipe, socket or device is refused, never copied. Modes
 * are kept exactly.
 */
export async function copyTree(from: string, to: string): Promise<void> {
  const stats = await lstat(from);
  if (stats.isSymbolicLink()) return symlink(await readlink(from), to);
  if (stats.isFile()) return copyRegularFileExclusive(from, to);
  if (!stats.isDirectory()) throw notARegularFile(stats);
  // Made private and writable, filled, then given its mode exactly: the umask would narrow
  // a mode given to mkdir, and a read-only folder could not be filled.
  await mkdir(to, { mode: 0o700 });
  for (const name of await readdir(from))
    await copyTree(path.join(from, name), path.join(to, name));
  await chmod(to, stats.mode & 0o7777);
}
