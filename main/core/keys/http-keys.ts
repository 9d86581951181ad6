import type { BearerVerifier } from '../core/http/http-key.ts';
import { bearerVerifierFor } from '../core/keys/bearer-verifier.ts';
import { envKeyFrom } from '../core/keys/env-key.ts';
import { keepVerifierCurrent } from '../core/keys/keep-verifier-current.ts';
import { recordKeyUse } from '../core/keys/key-last-used.ts';
import { ApiKeyVerifier, type VerifierEntry } from '../core/keys/key-verifier.ts';
import { openKeyStore } from '../core/keys/open-key-store.ts';
import type { DiagnosticsLog } from '../core/log/diagnostics.ts';

export interface HttpKeys {
  readonly verifier: BearerVerifier;
  /** Whether any key can be accepted (a keychain key or MCP_API_KEY). */
  hasKeys(): boolean;
  /** Notes a key's use for "last used" (at most once a minute per key, off the request path). */
  recordUse(name: string): void;
  /** Called with the names of keys that stopped working (revoked or rotated) while serving. */
  onRevoked(listener: (name: string) => void): void;
  close(): void;
}

/**
 * The keys an HTTP server accepts: those in the keychain (cached as digests and kept
 * current as keys are created, rotated and revoked, in any process) plus MCP_API_KEY.
 * When the keychain cannot be read the server still starts with MCP_API_KEY alone.
 */
export async function loadHttpKeys(options: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  allowWrite: boolean;
  log: DiagnosticsLog;
}): Promise<HttpKeys> {
  const { dataDir, env, log } = options;
  const store = openKeyStore(dataDir, env);
  let entries: VerifierEntry[] = [];
  try {
    entries = await store.loadVerifierEntries();
  } catch (error) {
    log.warn(
      `keychain keys are not available; only MCP_API_KEY can be used: ${(error as Error).message}`,
    );
  }
  const envKey = envKeyFrom(env, options.allowWrite);
  const verifier = new ApiKeyVerifier(entries, envKey ? { envKey } : {});
  const listeners: ((name: string) => void)[] = [];
  const stopWatching = keepVerifierCurrent({
    store,
    verifier,
    onKeysDropped: (names) =>
      names.forEach((name) => listeners.forEach((listener) => listener(name))),
    onError: (error) =>
      log.warn(`could not reload keys; unchanged keys stay accepted: ${String(error)}`),
  });
  return {
    verifier: bearerVerifierFor(verifier),
    hasKeys: () => verifier.hasKeys,
    recordUse: (name) => {
      recordKeyUse(dataDir, name).catch((error: unknown) =>
        log.warn(`could not note a key's use: ${String(error)}`),
      );
    },
    onRevoked: (listener) => listeners.push(listener),
    close: stopWatching,
  };
}
