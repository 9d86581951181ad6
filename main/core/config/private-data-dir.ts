import { chmod, stat } from 'node:fs/promises';
import { createFolders } from './create-folders.ts';
import { DataDirError } from './data-dir-error.ts';

const CHOOSE_ANOTHER = 'Choose another with --data-dir.';

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
  await createFolders(dataDir, 0o700).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') throw new DataDirError(notAFolder(dataDir));
    throw new DataDirError(
      `The Airlock data folder ${dataDir} could not be created (${whyNotCreated(error)}). ${CHOOSE_ANOTHER}`,
    );
  });
  if (platform === 'win32') return { fixedMode: false };
  const stats = await stat(dataDir);
  if (!stats.isDirectory()) {
    throw new DataDirError(notAFolder(dataDir));
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

function notAFolder(dataDir: string): string {
  return `The Airlock data folder ${dataDir} is not a folder: it is a file. ${CHOOSE_ANOTHER}`;
}

/** Why mkdir failed, in words; the code stays for a search. */
function whyNotCreated(error: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    EACCES: 'you may not create folders there',
    EPERM: 'you may not create folders there',
    EROFS: 'that disk is read-only',
    ENOTDIR: 'part of that path is a file',
    ENOENT: 'no folder can be made there',
    ENOSPC: 'the disk is full',
  };
  const code = error.code ?? '';
  return words[code] ? `${words[code]}, ${code}` : (error.code ?? error.message);
}
