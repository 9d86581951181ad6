// An in-memory stand-in for the OS keychain, with switches for the ways a real one fails.
import type { Keychain, KeychainCredential } from '../../main/core/platform/keychain.ts';
import { keychainUnavailable } from '../../main/core/platform/keychain-unavailable.ts';

export class MemoryKeychain implements Keychain {
  readonly entries = new Map<string, string>();
  /** When false, every call fails the way a locked or missing keychain does. */
  available = true;
  /** Calls made so far, by method, to show that a path never touched the keychain. */
  readonly calls: string[] = [];

  async get(account: string): Promise<string | undefined> {
    this.#enter('get');
    return this.entries.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    this.#enter('set');
    this.entries.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    this.#enter('delete');
    return this.entries.delete(account);
  }

  async findAll(): Promise<KeychainCredential[]> {
    this.#enter('findAll');
    return [...this.entries].map(([account, secret]) => ({ account, secret }));
  }

  #enter(method: string): void {
    this.calls.push(method);
    if (!this.available) throw keychainUnavailable(new Error('the keychain is locked'), 'linux');
  }
}
