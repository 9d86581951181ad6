import { keychainService } from '../config/keychain-service.ts';
import { KeychainKeyStore } from './keychain-key-store.ts';
import { openSystemKeychain } from '../platform/system-keychain.ts';

/** The key store the CLI, the app and servers share: the OS keychain and the data dir. */
export function openKeyStore(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): KeychainKeyStore {
  return new KeychainKeyStore({ dataDir, keychain: openSystemKeychain(keychainService(env)) });
}
