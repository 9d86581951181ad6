import type { BearerVerifier } from './key-grant.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { bearerVerifierFor } from './bearer-verifier.ts';
import { envKeyFrom } from './env-key.ts';
import { keepVerifierCurrent } from './keep-verifier-current.ts';
import { recordKeyUse } from './key-last-used.ts';
import { ApiKeyVerifier, type VerifierEntry } from './key-verifier.ts';
import type { KeychainKeyStore } from './keychain-key-store.ts';

/** What serving HTTP reads of the key store: never a secret, only digests and names. */
export type HttpKeyStore = Pick<
  KeychainKeyStore,
  'dataDir' | 'loadVerifierEntries' | 'issuedByName'
>;

export interface HttpKeys {
  readonly verifier: BearerVerifier;
  /** Whether any key can be accepted (a keychain key or MCP_API_KEY). */
  hasKeys(): boolean;
  /** Why no keychain key is accepted, until the keychain is read again; undefined when it was. */
  keychainProblem(): string | undefined;
  /** Notes a key's use for "last used" (at most once a minute per key, off the request path). */
  recordUse(name: string): void;
  /** Called after the keys were read again, e.g. when the first key was created. */
  onReload(listener: () => void): void;
  /** Called with the names of keys that stopped working (revoked or rotated) while serving. */
  onRevoked(listener: (name: string) => void): void;
  close(): void;
}

export interface LoadHttpKeysOptions {
  readonly store: HttpKeyStore;
  readonly env: NodeJS.ProcessEnv;
  /** Whether MCP_API_KEY may write (`serve --http --allow-write`); the app's never does. */
  readonly allowWrite: boolean;
  readonly log: DiagnosticsLog;
}

/**
 * The keys an HTTP server accepts, for `serve --http` and the app alike: those in the
 * keychain (cached as digests and kept current as keys are created, rotated and revoked,
 * in any process) plus MCP_API_KEY. When the keychain cannot be read the server can still
 * start with MCP_API_KEY alone.
 */
export async function loadHttpKeys(options: LoadHttpKeysOptions): Promise<HttpKeys> {
  const { store, env, log } = options;
  let entries: VerifierEntry[] = [];
  let keychainProblem: string | undefined;
  try {
    entries = await store.loadVerifierEntries();
  } catch (error) {
    keychainProblem = (error as Error).message;
    log.warn(`keychain keys are not available; only MCP_API_KEY can be used: ${keychainProblem}`);
  }
  const envKey = envKeyFrom(env, options.allowWrite);
  const verifier = new ApiKeyVerifier(entries, envKey ? { envKey } : {});
  const reloadListeners: (() => void)[] = [];
  const revokeListeners: ((name: string) => void)[] = [];
  const stopWatching = keepVerifierCurrent({
    store,
    verifier,
    onReload: () => {
      keychainProblem = undefined;
      reloadListeners.forEach((listener) => listener());
    },
    onKeysDropped: (names) =>
      names.forEach((name) => revokeListeners.forEach((listener) => listener(name))),
    // A reload that fails keeps only keys still listed unchanged: a dropped one stays refused.
    onError: (error) =>
      log.warn(`could not reload keys; dropped ones stay refused: ${String(error)}`),
  });
  return {
    verifier: bearerVerifierFor(verifier),
    hasKeys: () => verifier.hasKeys,
    keychainProblem: () => keychainProblem,
    recordUse: (name) => {
      recordKeyUse(store.dataDir, name).catch((error: unknown) =>
        log.warn(`could not note a key's use: ${String(error)}`),
      );
    },
    onReload: (listener) => reloadListeners.push(listener),
    onRevoked: (listener) => revokeListeners.push(listener),
    close: stopWatching,
  };
}
