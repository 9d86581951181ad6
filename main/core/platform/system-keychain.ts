import { keychainService } from '../config/keychain-service.ts';
import type { Keychain, KeychainCredential } from './keychain.ts';
import { keychainUnavailable } from './keychain-unavailable.ts';
import { discoverSessionBus } from './session-bus.ts';

/** Long enough to answer a keychain's unlock prompt; short enough not to hang a script. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * On Linux the binding would otherwise fall back to the kernel keyring when no Secret
 * Service runs: that store forgets everything at reboot, so keys would vanish silently.
 * Requiring the Secret Service turns that case into a clear error instead.
 */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } } as const;

type KeyringModule = typeof import('@napi-rs/keyring');

/** The OS keychain through @napi-rs/keyring: Keychain, Credential Manager or Secret Service. */
export function openSystemKeychain(
  service: string = keychainService(),
  options: { timeoutMs?: number; platform?: NodeJS.Platform } = {},
): Keychain {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const platform = options.platform ?? process.platform;
  let keyring: Promise<KeyringModule> | undefined;

  async function attempt<T>(work: (module: KeyringModule, signal: AbortSignal) => Promise<T>) {
    try {
      // Loaded on first use: a missing native binary becomes the same clear error.
      keyring ??= loadKeyring();
      return await work(await keyring, AbortSignal.timeout(timeoutMs));
    } catch (error) {
      throw keychainUnavailable(error, platform);
    }
  }
  const entry = (module: KeyringModule, account: string) =>
    new module.AsyncEntry(service, account, ENTRY_OPTIONS);

  return {
    get: (account) =>
      attempt(
        async (module, signal) => (await entry(module, account).getPassword(signal)) ?? undefined,
      ),
    set: (account, secret) =>
      attempt((module, signal) => entry(module, account).setPassword(secret, signal)),
    delete: (account) =>
      attempt((module, signal) => entry(module, account).deleteCredential(signal)),
    findAll: () =>
      attempt(async (module, signal): Promise<KeychainCredential[]> =>
        (await module.findCredentialsAsync(service, null, signal)).map((credential) => ({
          account: credential.account,
          secret: credential.password,
        })),
      ),
  };
}

function loadKeyring(): Promise<KeyringModule> {
  // Before the binding connects: it reads the bus address once, when it first does.
  discoverSessionBus();
  return import('@napi-rs/keyring');
}
