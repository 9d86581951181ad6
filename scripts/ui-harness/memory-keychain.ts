// The harness's keychain: in memory for one run, so it never reads or writes the person's.
import type { Keychain, KeychainCredential } from '../../main/core/platform/keychain.ts';

export class MemoryKeychain implements Keychain {
  readonly #entries = new Map<string, string>();

  async get(account: string): Promise<string | undefined> {
    return this.#entries.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    this.#entries.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.#entries.delete(account);
  }

  async findAll(): Promise<KeychainCredential[]> {
    return [...this.#entries].map(([account, secret]) => ({ account, secret }));
  }
}
