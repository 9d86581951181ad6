import { chmod, mkdir, stat } from 'node:fs/promises';
import { DataDirError } from './data-dir-error.ts';

/** Permission bits that let anyone but the owner in. */
const GROUP_OR_OTHER = 0o077;

/**
 * Makes sure the data dir exists and only its owner can enter it, whichever way Airlock runs:
 * the settings, the key list, the audit log, history, the bridge token and the socket live
 * there. A dir Airlock owns but that is open to others is closed (0700):
 * it is Airlock's own folder, and the token and socket inside are 0600 anyway. A dir owned
 * by someone else is refused: its owner could swap the socket or read what we put there.
 * Returns whether the mode had to be fixed, so the caller can say so. No-op on Windows,
 * where %APPDATA% is already private to the user by its ACL.
 */
export async function ensurePrivateDataDir(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<{ readonly fixedMode: boolean }> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST' || error.code === 'ENOTDIR')
      throw new DataDirError(`The Airlock data folder ${dataDir} is not a folder.`);
    throw new DataDirError(
      `The Airlock data folder ${dataDir} could not be created (${error.code ?? error.message}). Choose another with --data-dir.`,
    );
  });
  if (platform === 'win32') return { fixedMode: false };
  const stats = await stat(dataDir);
  if (!stats.isDirectory()) {
    throw new DataDirError(`The Airlock data folder ${dataDir} is not a folder.`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new DataDirError(
      `The Airlock data folder ${dataDir} belongs to another user, so Airlock will not keep its settings and keys there. Choose a folder of your own with --data-dir.`,
    );
  }
  if ((stats.mode & GROUP_OR_OTHER) === 0) return { fixedMode: false };
  try {
    await chmod(dataDir, 0o700);
  } catch (error) {
    throw new DataDirError(
      `The Airlock data folder ${dataDir} can be opened by other users, and Airlock could not make it private (${(error as Error).message}). Run "chmod 700 ${dataDir}" and start Airlock again.`,
    );
  }
  return { fixedMode: true };
}

/** What the diagnostics log says when ensurePrivateDataDir had to close the folder. */
export function madePrivateWarning(dataDir: string): string {
  return `${dataDir} was open to other users; it is now private (0700)`;
}
