import { randomBytes } from 'node:crypto';
import { link, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readPrivateToken, type TokenFileProblem } from '../platform/private-token-file.ts';

/** The file in the data dir that holds the key placeholders are signed with. */
export const SECRETS_KEY_FILE = 'secrets.key';

const KEY_BYTES = 32;

export interface SecretsKeyFile {
  readonly key: Uint8Array;
  /** Why a new key replaced the file, when one did: the caller logs it. */
  readonly replaced?: Exclude<TokenFileProblem, 'missing'>;
}

/**
 * The key placeholders are signed with (see placeholder.ts), from `<dataDir>/secrets.key`,
 * made once (32 random bytes, mode 0600) and kept across starts, so a placeholder read
 * before a restart still writes back after it. The data dir is Airlock's own state, which
 * no grant reaches. A damaged file, or one others can read, is replaced: placeholders
 * signed with the old key are then refused on write, which loses nothing on disk. Made
 * with a hard link rather than a rename, so that the app and a CLI starting together
 * agree on one key: the second finds the first's.
 */
export async function loadSecretsKey(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<SecretsKeyFile> {
  const file = path.join(dataDir, SECRETS_KEY_FILE);
  const existing = await readPrivateToken(file, platform);
  if ('token' in existing) return { key: keyOf(existing.token) };
  const fresh = new Uint8Array(randomBytes(KEY_BYTES));
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${Buffer.from(fresh).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    if (existing.problem === 'missing') {
      try {
        await link(temporary, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // Another process made it first: its key is the one.
        const theirs = await readPrivateToken(file, platform);
        if ('token' in theirs) return { key: keyOf(theirs.token) };
        await rename(temporary, file);
        return {
          key: fresh,
          replaced: theirs.problem === 'missing' ? 'malformed' : theirs.problem,
        };
      }
      return { key: fresh };
    }
    await rename(temporary, file);
    return { key: fresh, replaced: existing.problem };
  } finally {
    await rm(temporary, { force: true });
  }
}

function keyOf(token: string): Uint8Array {
  return new Uint8Array(Buffer.from(token, 'base64url'));
}
