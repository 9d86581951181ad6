import type { AuditEntry } from '../audit/audit-record.ts';
import { keyChangeRecord, type KeyChange, type KeyChangeTransport } from './key-change-record.ts';

import { validateKeyName } from './key-name.ts';
import type { KeyScope } from './key-scope.ts';
import type { KeychainKeyStore, KeyListing } from './keychain-key-store.ts';
import { isKeysError } from './keys-error.ts';

/** What changing keys needs of the store: the one an HTTP server checks, in any process. */
export type KeyManagementStore = Pick<
  KeychainKeyStore,
  'dataDir' | 'create' | 'list' | 'rotate' | 'revoke'
>;

export interface KeysServiceOptions {
  readonly store: KeyManagementStore;
  readonly transport: KeyChangeTransport;
  /** Appends a settings_change record to the audit log. */
  readonly record: (entry: AuditEntry) => Promise<void>;
  /** Told when a change was made but its record could not be written. */
  readonly onRecordFailure: (entry: AuditEntry, error: unknown) => void;
}

/**
 * API keys, created, listed, rotated and revoked with their settings_change records, for
 * every front end. Failures stay KeysErrors, for each front end to put in its own words.
 * A secret is returned once, to the caller, and never recorded.
 */
export class KeysService {
  readonly #options: KeysServiceOptions;

  constructor(options: KeysServiceOptions) {
    this.#options = options;
  }

  get dataDir(): string {
    return this.#options.store.dataDir;
  }

  list(): Promise<KeyListing[]> {
    return this.#options.store.list();
  }

  async create(name: string, scope: KeyScope, madeFor?: string): Promise<string> {
    validateKeyName(name);
    const secret = await this.#options.store.create(name, scope, { madeFor });
    await this.#record({ change: 'created', key: name, scope, madeFor });
    return secret;
  }

  async rotate(name: string): Promise<string> {
    const secret = await this.#options.store.rotate(name);
    await this.#record({ change: 'rotated', key: name });
    return secret;
  }

  /** A key whose old secret could not leave the keychain no longer works: that is recorded, then thrown. */
  async revoke(name: string): Promise<void> {
    try {
      await this.#options.store.revoke(name);
    } catch (error) {
      if (isKeysError(error, 'partly_revoked'))
        await this.#record({ change: 'revoked', key: name, secretLeftInKeychain: true });
      throw error;
    }
    await this.#record({ change: 'revoked', key: name });
  }

  /** A key already made must still reach the person, so a record that fails is only reported. */
  async #record(change: KeyChange): Promise<void> {
    const entry = keyChangeRecord(change, this.#options.transport);
    try {
      await this.#options.record(entry);
    } catch (error) {
      this.#options.onRecordFailure(entry, error);
    }
  }
}
