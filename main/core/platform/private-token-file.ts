import { lstat, readFile } from 'node:fs/promises';

/** Why a token file in the data dir cannot be used as it is, so a new token replaces it. */
export type TokenFileProblem = 'missing' | 'malformed' | 'readable by others';

/** 32 random bytes in base64url, without padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Far more than a token and its line end: a larger file is not one. */
const MAX_TOKEN_FILE_BYTES = 1024;

/**
 * A secret Airlock keeps in its data dir as 32 random bytes in base64url (the bridge token,
 * the placeholders' key), or why it is not one to trust: missing, not a plain file (a
 * symlink), not of that shape (an interrupted write), or readable by others, since a
 * secret other users may have seen is no longer one. (On Windows the mode bits mean
 * little; %APPDATA%'s ACL keeps the file private.)
 */
export async function readPrivateToken(
  file: string,
  platform: NodeJS.Platform,
): Promise<{ readonly token: string } | { readonly problem: TokenFileProblem }> {
  let stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'missing' };
    throw error;
  }
  if (!stats.isFile() || stats.size > MAX_TOKEN_FILE_BYTES) return { problem: 'malformed' };
  if (platform !== 'win32' && (stats.mode & 0o077) !== 0) return { problem: 'readable by others' };
  const token = (await readFile(file, 'utf8')).trim();
  return TOKEN_SHAPE.test(token) ? { token } : { problem: 'malformed' };
}
