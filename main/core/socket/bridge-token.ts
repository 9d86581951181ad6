import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readPrivateToken, type TokenFileProblem } from '../platform/private-token-file.ts';

/** The file in the data dir that holds the per-install bridge token. */
export const BRIDGE_TOKEN_FILE = 'bridge-token';

export interface BridgeTokenFile {
  readonly token: string;
  /** Why a new token was written, when one was: the caller logs it. */
  readonly replaced?: TokenFileProblem;
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
  const existing = await readPrivateToken(file, platform);
  if ('token' in existing) return { token: existing.token };
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
  const existing = await readPrivateToken(path.join(dataDir, BRIDGE_TOKEN_FILE), platform);
  return 'token' in existing ? existing.token : undefined;
}

/** Compares a presented token with ours in constant time (as digests, so lengths may differ). */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
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
