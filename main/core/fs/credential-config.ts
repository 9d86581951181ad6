import path from 'node:path';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { readAt } from './read-text.ts';
import { openVerified } from './verified-open.ts';

// A config file larger than this is not a config file; refuse rather than scan it.
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const CHUNK = 256 * 1024;

/**
 * Refuses any use of a config file (.npmrc, .pypirc, ...) that carries a credential. Its
 * name alone does not guard it, so every tool that reads, changes, moves or deletes a file
 * asks here. The whole file is scanned: a token after a long comment is still a token.
 */
export async function assertNoCredentialConfig(
  policy: PathPolicy,
  resolved: ResolvedPath,
): Promise<void> {
  if (!resolved.exists || !policy.guard.needsContentCheck(path.basename(resolved.real))) return;
  const handle = await openVerified(resolved);
  try {
    const { size } = await handle.stat();
    if (size > MAX_CONFIG_BYTES) throw carriesCredential();
    let carry = '';
    for (let position = 0; position < size; position += CHUNK) {
      const text =
        carry + (await readAt(handle, position, Math.min(CHUNK, size - position))).toString('utf8');
      const lastBreak = text.lastIndexOf('\n');
      // A line cut by the chunk edge is checked whole with the next chunk.
      const complete = lastBreak === -1 ? '' : text.slice(0, lastBreak);
      carry = lastBreak === -1 ? text : text.slice(lastBreak + 1);
      if (policy.guard.contentCarriesCredential(complete)) throw carriesCredential();
    }
    if (policy.guard.contentCarriesCredential(carry)) throw carriesCredential();
  } finally {
    await handle.close();
  }
}

function carriesCredential(): PolicyError {
  return new PolicyError(
    'guarded',
    'This config file holds a credential (a token or password). Airlock never lets an agent read, change, move or delete it.',
  );
}
