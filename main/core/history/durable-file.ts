import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `text` to `file` (0600) so that after a crash the file holds the old text or the
 * new, and once this returns, the new text is on the disk: flushed, renamed into place,
 * and (with `syncFolder`) the folder's entry flushed too. `exclusive` refuses to replace a
 * file already there, with EEXIST.
 */
export async function writeDurably(
  file: string,
  text: string,
  options: { readonly exclusive?: boolean; readonly syncFolder?: boolean } = {},
): Promise<void> {
  const folder = path.dirname(file);
  const temp = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      // link() fails when the name is taken, where rename() would replace it.
      await link(temp, file);
      await unlink(temp);
    } else {
      await rename(temp, file);
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (options.syncFolder) await syncFolder(folder);
}

/**
 * Flushes a folder's entries, so a file just created, linked or renamed in it survives a
 * crash. Windows cannot open a folder this way, and its file system orders the entries itself.
 */
export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
