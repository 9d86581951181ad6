import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p`: creates `dir` and any missing parents with `mode`, and fails with the first
 * error that stops it. Not `mkdir({ recursive: true })`: where mkdir says ENOENT although
 * the parent exists (under /proc), Node's recursive mkdir retries forever, at full CPU.
 * A `dir` that exists as a file fails with EEXIST, as mkdir does.
 */
export async function createFolders(dir: string, mode: number): Promise<void> {
  const folder = path.resolve(dir);
  try {
    await mkdir(folder, { mode });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await isFolder(folder))) return;
    const parent = path.dirname(folder);
    if (code !== 'ENOENT' || parent === folder) throw error;
    await createFolders(parent, mode);
  }
  // Once only: a parent that exists but takes no new folder fails here, for good.
  try {
    await mkdir(folder, { mode });
  } catch (error) {
    // Another process may have made it meanwhile.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await isFolder(folder)))
      throw error;
  }
}

async function isFolder(dir: string): Promise<boolean> {
  return stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
