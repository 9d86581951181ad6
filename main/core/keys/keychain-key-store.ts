import { digestApiKey, generateApiKey } from './key-format.ts';
import { forgetKeyUse, readKeyLastUsed } from './key-last-used.ts';
import { issuedAt, readKeyRecords, writeKeyRecords, type KeyRecord } from './key-metadata.ts';
import { keychainAccount, keyNameOfAccount, validateKeyName } from './key-name.ts';
import type { KeyScope } from './key-scope.ts';
import type { VerifierEntry } from './key-verifier.ts';
import type { Keychain } from '../platform/keychain.ts';
import { KeysError } from './keys-error.ts';
import { withKeysLock } from './keys-lock.ts';

/** One row of `airlock keys list`: everything about a key except its secret. */
export interface KeyListing {
  readonly name: string;
  readonly created: string;
  readonly rotated: string | undefined;
  readonly lastUsed: string | undefined;
  readonly scope: KeyScope;
  /** False when the keychain lost the secret (reset, restored): rotate makes a new one. */
  readonly inKeychain: boolean;
  /** The app Airlock made the key for when it connected it; undefined for a key the person made. */
  readonly madeFor: string | undefined;
}

export interface CreateKeyOptions {
  /** Marks the key as made by Airlock for this app (see KeyRecord's `madeFor`). */
  readonly madeFor?: string | undefined;
}

/**
 * API keys: each secret lives only in the OS keychain (account `key:<name>`), and the
 * list of keys with their scopes lives in `<dataDir>/keys.json`. A key works only while
 * it is in both, so a half-finished change never leaves a key that works unexpectedly.
 *
 * Order of writes, chosen so that a crash or a refusing keychain fails closed:
 * create and rotate write the keychain first, then the list (whose change tells running
 * servers to reload); revoke first checks the keychain answers, then removes the key
 * from the list (servers drop it at once), then deletes the secret.
 */
export class KeychainKeyStore {
  readonly dataDir: string;
  readonly #keychain: Keychain;
  readonly #now: () => Date;

  constructor(options: { dataDir: string; keychain: Keychain; now?: () => Date }) {
    this.dataDir = options.dataDir;
    this.#keychain = options.keychain;
    this.#now = options.now ?? (() => new Date());
  }

  /** Makes a key and returns its secret: the only time anyone sees it. */
  async create(name: string, scope: KeyScope, options: CreateKeyOptions = {}): Promise<string> {
    validateKeyName(name);
    return withKeysLock(this.dataDir, async () => {
      const records = await readKeyRecords(this.dataDir);
      if (records.some((record) => record.name === name)) throw duplicate(name);
      const account = keychainAccount(name);
      if ((await this.#keychain.get(account)) !== undefined) {
        throw new KeysError(
          'duplicate_key',
          `The system keychain already holds a key named "${name}", perhaps made with another data folder. Choose another name, or remove that one with "airlock keys revoke ${name}".`,
        );
      }
      const secret = generateApiKey();
      await this.#keychain.set(account, secret);
      try {
        await forgetKeyUse(this.dataDir, name);
        const record: KeyRecord = {
          name,
          created: this.#now().toISOString(),
          scope,
          ...(options.madeFor === undefined ? {} : { madeFor: options.madeFor }),
        };
        await writeKeyRecords(this.dataDir, [...records, record]);
      } catch (error) {
        // The key must not stay in the keychain without a list entry nobody can see.
        await this.#keychain.delete(account).catch(() => undefined);
        throw error;
      }
      return secret;
    });
  }

  /** Every key with its scope and last use; asks the keychain which secrets it still holds. */
  async list(): Promise<KeyListing[]> {
    const records = await readKeyRecords(this.dataDir);
    const held = await this.#heldSecrets();
    const listings: KeyListing[] = [];
    for (const record of records) {
      listings.push({
        name: record.name,
        created: record.created,
        rotated: record.rotated,
        lastUsed: (await readKeyLastUsed(this.dataDir, record.name))?.toISOString(),
        scope: record.scope,
        inKeychain: held.has(record.name),
        madeFor: record.madeFor,
      });
    }
    return listings;
  }

  /** Gives a key a new secret and returns it; the old secret stops working. */
  rotate(name: string): Promise<string> {
    return withKeysLock(this.dataDir, async () => {
      const records = await readKeyRecords(this.dataDir);
      const record = records.find((candidate) => candidate.name === name);
      if (!record) throw unknown(name);
      const secret = generateApiKey();
      await this.#keychain.set(keychainAccount(name), secret);
      // The list changes too, so that running servers reload and forget the old secret.
      const rotated: KeyRecord = { ...record, rotated: this.#now().toISOString() };
      await writeKeyRecords(
        this.dataDir,
        records.map((candidate) => (candidate.name === name ? rotated : candidate)),
      );
      return secret;
    });
  }

  /** Removes a key from the list and its secret from the keychain. */
  revoke(name: string): Promise<void> {
    return withKeysLock(this.dataDir, async () => {
      const records = await readKeyRecords(this.dataDir);
      const account = keychainAccount(name);
      // Asked first, so that a keychain that refuses changes nothing at all.
      const inKeychain = (await this.#keychain.get(account)) !== undefined;
      const listed = records.some((record) => record.name === name);
      if (!listed && !inKeychain) throw unknown(name);
      if (listed) {
        await writeKeyRecords(
          this.dataDir,
          records.filter((record) => record.name !== name),
        );
      }
      await forgetKeyUse(this.dataDir, name);
      try {
        await this.#keychain.delete(account);
      } catch (error) {
        throw new KeysError(
          'partly_revoked',
          `The key "${name}" no longer works, but its secret could not be removed from the system keychain. Unlock the keychain and run "airlock keys revoke ${name}" again to remove it.`,
          { cause: error },
        );
      }
    });
  }

  /**
   * What a server needs to check keys: each listed key's digest and scope, from one read
   * of the keychain. The secrets themselves are dropped as soon as they are hashed.
   */
  async loadVerifierEntries(): Promise<VerifierEntry[]> {
    const records = await readKeyRecords(this.dataDir);
    const credentials = await this.#keychain.findAll();
    const secrets = new Map<string, string>();
    for (const credential of credentials) {
      const name = keyNameOfAccount(credential.account);
      if (name !== undefined && credential.secret.length > 0) secrets.set(name, credential.secret);
    }
    const entries: VerifierEntry[] = [];
    for (const record of records) {
      const secret = secrets.get(record.name);
      if (secret === undefined) continue;
      entries.push({
        name: record.name,
        digest: digestApiKey(secret),
        scope: record.scope,
        issued: issuedAt(record),
      });
    }
    return entries;
  }

  /**
   * When each listed key's secret was issued, from the list alone. When the keychain
   * cannot be read, a server keeps only cached keys whose entry here is unchanged.
   */
  async issuedByName(): Promise<Map<string, string>> {
    const records = await readKeyRecords(this.dataDir);
    return new Map(records.map((record) => [record.name, issuedAt(record)]));
  }

  async #heldSecrets(): Promise<Set<string>> {
    const names = new Set<string>();
    for (const credential of await this.#keychain.findAll()) {
      const name = keyNameOfAccount(credential.account);
      if (name !== undefined) names.add(name);
    }
    return names;
  }
}

function duplicate(name: string): KeysError {
  return new KeysError(
    'duplicate_key',
    `There is already a key named "${name}". Choose another name, or give it a new secret with "airlock keys rotate ${name}".`,
  );
}

function unknown(name: string): KeysError {
  return new KeysError(
    'unknown_key',
    `There is no key named "${name}". See your keys with "airlock keys list".`,
  );
}
