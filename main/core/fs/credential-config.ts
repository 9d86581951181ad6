import path from 'node:path';
import { readToEnd, type PositionedReader } from '../platform/descriptor-io.ts';
import type { FileAccess } from '../platform/file-access.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import type { SensitiveGuard } from '../policy/sensitive-guard.ts';
import { isNotARegularFile } from './special-file.ts';
import { openVerified } from './verified-open.ts';

// A config file larger than this is not a config file; refuse rather than scan it.
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * Refuses any use of a config file (.npmrc, .pypirc, ...) that carries a credential. Its
 * name alone does not guard it, so every tool that changes, moves or deletes a file asks
 * here. The whole file is scanned: a token after a long comment is still a token.
 *
 * Tools that answer with a file's content must not call this and then read the file again:
 * the file may be swapped in between. They read once and judge those same bytes with
 * readConfigWithoutCredential or refuseCredentialIn.
 */
export async function assertNoCredentialConfig(
  guard: SensitiveGuard,
  resolved: ResolvedPath,
  access: FileAccess,
): Promise<void> {
  if (!resolved.exists || !guard.needsContentCheck(path.basename(resolved.real))) return;
  let file;
  try {
    file = await openVerified(resolved.real, 'file', access);
  } catch (error) {
    // A socket holds no config to guard; the tool itself decides what to do with it.
    if (isNotARegularFile(error)) return;
    throw error;
  }
  try {
    const stats = await file.stat();
    // Likewise a pipe or a device: opened without blocking, and never read.
    if (!stats.isFile()) return;
    await readConfigWithoutCredential(guard, file, stats.size);
  } finally {
    file.closeInBackground();
  }
}

/**
 * Reads a whole config file, once, and refuses it when those bytes carry a credential;
 * otherwise they are the bytes to answer with. `sizeHint` is its size from fstat.
 */
export async function readConfigWithoutCredential(
  guard: SensitiveGuard,
  file: PositionedReader,
  sizeHint: number,
): Promise<Buffer> {
  const bytes = await readToEnd(file, MAX_CONFIG_BYTES, sizeHint);
  if (bytes.length > MAX_CONFIG_BYTES) throw carriesCredential();
  refuseCredentialIn(guard, bytes);
  return bytes;
}

/** Refuses bytes already read from a token-bearing config file when they carry a credential. */
export function refuseCredentialIn(guard: SensitiveGuard, bytes: Buffer): void {
  if (guard.contentCarriesCredential(bytes.toString('utf8'))) throw carriesCredential();
}

function carriesCredential(): PolicyError {
  return new PolicyError(
    'guarded',
    'This config file holds a credential (a token or password). Airlock never lets an agent read, change, move or delete it.',
  );
}
