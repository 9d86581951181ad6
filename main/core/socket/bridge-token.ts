import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { lstat, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The file in the data dir that holds the per-install bridge token. */
export const BRIDGE_TOKEN_FILE = 'bridge-token';

/** 32 random bytes in base64url, without padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface BridgeTokenFile {
  readonly token: string;
  /** Why a new token was written, when one was: the caller logs it. */
  readonly replaced?: 'missing' | 'malformed' | 'readable by others';
}

/**
 * Reads the bridge token from `<dataDir>/bridge-token`, or writes a new one (mode 0600) when
 * there is none. It is reused across starts, so bridges keep working after a restart. A
 * file that others can read, or that is not a token (an interrupted write), is replaced:
 * a token other users may have seen is no longer a secret. (On Windows the mode bits mean
 * little; %APPDATA%'s ACL keeps the file private.)
 */
export async function loadBridgeToken(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<BridgeTokenFile> {
  const file = path.join(dataDir, BRIDGE_TOKEN_FILE);
  const existing = await readExisting(file, platform);
  if (existing.token !== undefined) return { token: existing.token };
  const token = randomBytes(32).toString('base64url');
  await writeAtomically(file, token);
  return { token, replaced: existing.problem };
}

/**
 * The bridge token as the app wrote it, without writing one: undefined when there is none
 * (no app ever ran with this data dir) or it is not one to trust (see loadBridgeToken).
 */
export async function readBridgeToken(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  return (await readExisting(path.join(dataDir, BRIDGE_TOKEN_FILE), platform)).token;
}

/** Compares a presented token with ours in constant time (as digests, so lengths may differ). */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

async function readExisting(
  file: string,
  platform: NodeJS.Platform,
): Promise<{ token?: string; problem: NonNullable<BridgeTokenFile['replaced']> }> {
  let stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'missing' };
    throw error;
  }
  // A symlink or anything but a plain file is not ours to trust.
  if (!stats.isFile()) return { problem: 'malformed' };
  if (platform !== 'win32' && (stats.mode & 0o077) !== 0) return { problem: 'readable by others' };
  const token = (await readFile(file, 'utf8')).trim();
  return TOKEN_SHAPE.test(token) ? { token, problem: 'missing' } : { problem: 'malformed' };
}

/** Written beside the target and renamed over it, so no reader ever sees half a token. */
async function writeAtomically(file: string, token: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${token}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
