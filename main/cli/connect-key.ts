import type { ClientKeys } from '../core/app/connections/connections-key.ts';
import { storeClientKeys } from '../core/app/connections/store-client-keys.ts';
import { keychainService } from '../core/config/keychain-service.ts';
import { KeychainKeyStore } from '../core/keys/keychain-key-store.ts';
import { KeysService } from '../core/keys/keys-service.ts';
import { openSystemKeychain } from '../core/platform/system-keychain.ts';
import { say } from './connect-report.ts';
import { recordCliEntry } from './record-settings-change.ts';

/**
 * The keys `airlock connect` makes, rotates and revokes for a client: the core keys service
 * on the system keychain, recording each change in the audit log as `airlock keys` does.
 * The keychain is opened on first use, so a removal that finds no key never touches it.
 */
export function cliClientKeys(dataDir: string): ClientKeys {
  const store = new KeychainKeyStore({ dataDir, keychain: openSystemKeychain(keychainService()) });
  const service = new KeysService({
    store,
    transport: 'cli',
    record: (entry) => recordCliEntry(dataDir, entry),
    // The key change is made and stands: a record that failed is said, not fatal.
    onRecordFailure: (entry, error) =>
      say(
        `The change was made, but "${entry.reason ?? ''}" could not be recorded in the audit log: ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  return storeClientKeys(service, store);
}
