import type { KeychainKeyStore } from './keychain-key-store.ts';
import type { ApiKeyVerifier, VerifierEntry } from './key-verifier.ts';
import { watchKeyChanges } from './watch-key-changes.ts';

export interface KeepVerifierCurrentOptions {
  readonly store: Pick<KeychainKeyStore, 'dataDir' | 'loadVerifierEntries' | 'issuedByName'>;
  readonly verifier: ApiKeyVerifier;
  /** After each reload, with the number of keychain keys now accepted. */
  readonly onReload?: (keyCount: number) => void;
  /**
   * Keys whose secret stopped working in this reload (revoked, rotated, or dropped to
   * fail closed): sessions they opened should end now.
   */
  readonly onKeysDropped?: (names: readonly string[]) => void;
  /** A reload or the watch failed; the verifier has already failed closed. */
  readonly onError?: (error: unknown) => void;
  readonly debounceMs?: number;
}

/**
 * Keeps a server's cached keys in step with keys.json: after every change, in any
 * process, the keys are read again from the keychain. If the keychain cannot be read
 * then, the server fails closed: it keeps only the cached keys that are still listed
 * unchanged (never a revoked or rotated one), and none at all if the list is unreadable.
 * Returns a function that stops watching.
 */
export function keepVerifierCurrent(options: KeepVerifierCurrentOptions): () => void {
  const { store, verifier } = options;
  let running = false;
  let again = false;

  async function reload(): Promise<void> {
    const before = verifier.entries;
    try {
      const entries = await store.loadVerifierEntries();
      verifier.replaceEntries(entries);
      options.onReload?.(entries.length);
    } catch (error) {
      try {
        const issued = await store.issuedByName();
        verifier.retainEntries((entry) => issued.get(entry.name) === entry.issued);
      } catch {
        verifier.replaceEntries([]);
      }
      options.onError?.(error);
    }
    reportDropped(before, verifier.entries);
  }

  function reportDropped(before: readonly VerifierEntry[], after: readonly VerifierEntry[]): void {
    const kept = new Set(after.map(identity));
    const dropped = before.filter((entry) => !kept.has(identity(entry))).map((entry) => entry.name);
    if (dropped.length > 0) options.onKeysDropped?.(dropped);
  }

  // One reload at a time; a change that arrives during one triggers exactly one more.
  async function reloadSerially(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await reload();
      } while (again);
    } finally {
      running = false;
    }
  }

  return watchKeyChanges(store.dataDir, () => void reloadSerially(), {
    debounceMs: options.debounceMs,
    onError: (error) => {
      const before = verifier.entries;
      verifier.replaceEntries([]);
      reportDropped(before, []);
      options.onError?.(error);
    },
  });
}

/** A key and the secret it had: a rotated key counts as dropped, then added. */
function identity(entry: VerifierEntry): string {
  return `${entry.issued}\n${entry.digest.toString('hex')}\n${entry.name}`;
}
