import crypto from 'node:crypto';
import { digestApiKey } from './key-format.ts';
import { ENV_KEY_NAME } from './key-name.ts';
import type { KeyScope } from './key-scope.ts';

/** What a server caches per key: never the secret, only its SHA-256. */
export interface VerifierEntry {
  readonly name: string;
  readonly digest: Buffer;
  readonly scope: KeyScope;
  /** When this secret was issued (created or last rotated), to notice rotations. */
  readonly issued: string;
}

/** Who a request is: the key's name (for the audit log and sessions) and what it may do. */
export interface VerifiedKey {
  readonly name: string;
  readonly scope: KeyScope;
}

/** The key given in MCP_API_KEY, for headless use; its scope is the server's to decide. */
export interface EnvKey {
  readonly secret: string;
  readonly scope: KeyScope;
}

const DIGEST_BYTES = 32;

/**
 * Whether two SHA-256 digests are equal, in time that does not depend on where they
 * differ. Called through the `crypto` module object so that a test can watch it happen.
 */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  if (a.length !== DIGEST_BYTES || b.length !== DIGEST_BYTES)
    throw new Error('digestsEqual compares SHA-256 digests only');
  return crypto.timingSafeEqual(a, b);
}

/**
 * Checks presented keys against cached digests, without ever waiting on the keychain.
 * The presented key is hashed, so every comparison is between equal-length digests, and
 * it is compared with every cached digest: how long a check takes says nothing about
 * which key matched, or how much of one did.
 */
export class ApiKeyVerifier {
  #entries: readonly VerifierEntry[];
  readonly #envEntry: VerifierEntry | undefined;

  constructor(entries: readonly VerifierEntry[], options: { envKey?: EnvKey } = {}) {
    this.#entries = [...entries];
    const envKey = options.envKey;
    this.#envEntry =
      envKey && envKey.secret.length > 0
        ? {
            name: ENV_KEY_NAME,
            digest: digestApiKey(envKey.secret),
            scope: envKey.scope,
            issued: '',
          }
        : undefined;
  }

  verify(presented: string): VerifiedKey | undefined {
    const digest = digestApiKey(presented);
    let match: VerifierEntry | undefined;
    // No early exit: every cached digest is compared, whichever one matches.
    for (const entry of this.#entries) {
      if (digestsEqual(digest, entry.digest) && match === undefined) match = entry;
    }
    if (this.#envEntry && digestsEqual(digest, this.#envEntry.digest) && match === undefined)
      match = this.#envEntry;
    return match && { name: match.name, scope: match.scope };
  }

  /** Swaps in freshly loaded keys; a revoked key stops working with the next request. */
  replaceEntries(entries: readonly VerifierEntry[]): void {
    this.#entries = [...entries];
  }

  /** Keeps only the cached keys the predicate accepts (used when the keychain cannot be read). */
  retainEntries(keep: (entry: VerifierEntry) => boolean): void {
    this.#entries = this.#entries.filter(keep);
  }

  get entries(): readonly VerifierEntry[] {
    return this.#entries;
  }

  /** Whether any key at all can be accepted: HTTP refuses to start without one. */
  get hasKeys(): boolean {
    return this.#entries.length > 0 || this.#envEntry !== undefined;
  }
}
