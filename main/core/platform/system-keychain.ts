import { keychainService } from '../config/keychain-service.ts';
import type { Keychain, KeychainCredential } from './keychain.ts';
import { KeysError } from '../keys/keys-error.ts';
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

/** What a person can do about it, by system; the binding's own words follow in brackets. */
export function keychainUnavailable(error: unknown, platform: NodeJS.Platform): KeysError {
  const detail = error instanceof Error ? error.message : String(error);
  const advice =
    platform === 'darwin'
      ? 'Unlock your login keychain (open Keychain Access), and allow Airlock when macOS asks.'
      : platform === 'win32'
        ? 'Make sure you are signed in to Windows normally, so that Credential Manager is available.'
        : 'On Linux this needs a Secret Service, such as GNOME Keyring (package gnome-keyring) or KWallet, running and unlocked in your desktop session.';
  return new KeysError(
    'keychain_unavailable',
    `Airlock could not use the system keychain (${detail}). API keys are kept only in the system keychain, never in a file, so nothing was changed. ${advice} Then run the command again.`,
    { cause: error },
  );
}
