/** One secret in the keychain under Airlock's service name. */
export interface KeychainCredential {
  readonly account: string;
  readonly secret: string;
}

/**
 * The OS keychain, under one service name. Injected so that tests run against an
 * in-memory keychain; the real one is `openSystemKeychain()`. Every method rejects with
 * a KeychainUnavailableError when the keychain is missing, locked or refuses.
 */
export interface Keychain {
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves whether there was an entry to delete. */
  delete(account: string): Promise<boolean>;
  /** Every entry under the service, in one round trip. */
  findAll(): Promise<KeychainCredential[]>;
}
