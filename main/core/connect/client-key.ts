import { keychainAccount } from '../keys/key-name.ts';
import type { KeyScope } from '../keys/key-scope.ts';
import type { KeychainKeyStore } from '../keys/keychain-key-store.ts';
import type { Keychain } from '../keys/keychain.ts';
import { ConnectError } from './connect-error.ts';

/** The key an HTTP client will send, and where it came from (which decides what we may print). */
export interface ClientKey {
  readonly secret: string;
  /** `created`: new, may be shown once. `existing`: from the keychain, never shown. `env`: MCP_API_KEY. */
  readonly source: 'created' | 'existing' | 'env';
}

/**
 * A key named after the client: made on first connect with the scope the person chose;
 * on later runs the same secret is read back from the keychain, so connecting twice
 * writes the same entry. MCP_API_KEY, when set, is used instead (headless setups, tests).
 */
export async function obtainClientKey(options: {
  readonly name: string;
  readonly scope: KeyScope;
  readonly env: NodeJS.ProcessEnv;
  readonly store: () => { store: KeychainKeyStore; keychain: Keychain };
}): Promise<ClientKey> {
  const fromEnv = options.env.MCP_API_KEY;
  if (fromEnv) return { secret: fromEnv, source: 'env' };
  const { store, keychain } = options.store();
  const listed = (await store.list()).find((key) => key.name === options.name);
  if (listed === undefined) {
    // Marked as made for the app, so that the window's Connections page may manage it too.
    const secret = await store.create(options.name, options.scope, { madeFor: options.name });
    return { secret, source: 'created' };
  }
  const secret = await keychain.get(keychainAccount(options.name));
  if (secret === undefined || secret === '') {
    throw new ConnectError(
      'key_unavailable',
      `The key "${options.name}" is listed but its secret is no longer in the system keychain. Run "airlock keys rotate ${options.name}" and connect again.`,
    );
  }
  return { secret, source: 'existing' };
}
