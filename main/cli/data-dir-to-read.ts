import { stat } from 'node:fs/promises';
import { chooseDataDir } from '../core/config/data-dir.ts';
import { DataDirError } from '../core/config/data-dir-error.ts';

/**
 * The data dir a reading command (audit search) uses, refused in plain words when it is a
 * file; a missing one is fine there (nothing recorded yet) and is not created.
 */
export async function dataDirToRead(flag: string | undefined): Promise<string> {
  const dataDir = chooseDataDir(flag);
  const stats = await stat(dataDir).catch(() => undefined);
  if (stats && !stats.isDirectory())
    throw new DataDirError(
      `The Airlock data folder ${dataDir} is not a folder: it is a file. Choose another with --data-dir.`,
    );
  return dataDir;
}
