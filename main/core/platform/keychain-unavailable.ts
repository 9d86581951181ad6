import { CodedError } from '../coded-error.ts';

/**
 * The system keychain is missing, locked or refused. Keys and the audit anchor both live in
 * it, so both report this one error; its message says what the person can do.
 */
export class KeychainUnavailableError extends CodedError<'keychain_unavailable'> {
  override readonly name = 'KeychainUnavailableError';
}

/** What a person can do about it, by system; the binding's own words follow in brackets. */
export function keychainUnavailable(
  error: unknown,
  platform: NodeJS.Platform,
): KeychainUnavailableError {
  const detail = error instanceof Error ? error.message : String(error);
  const advice =
    platform === 'darwin'
      ? 'Unlock your login keychain (open Keychain Access), and allow Airlock when macOS asks.'
      : platform === 'win32'
        ? 'Make sure you are signed in to Windows normally, so that Credential Manager is available.'
        : 'On Linux this needs a Secret Service, such as GNOME Keyring (package gnome-keyring) or KWallet, running and unlocked in your desktop session.';
  return new KeychainUnavailableError(
    'keychain_unavailable',
    `Airlock could not use the system keychain (${detail}). API keys are kept only in the system keychain, never in a file, so nothing was changed. ${advice} Then run the command again.`,
    { cause: error },
  );
}
