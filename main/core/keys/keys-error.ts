import { CodedError } from '../coded-error.ts';
import { KeychainUnavailableError } from '../platform/keychain-unavailable.ts';

/** Why a key command could not be done. Every message tells a person what to do next. */
export type KeysErrorCode =
  | 'keychain_unavailable'
  | 'invalid_name'
  | 'invalid_scope'
  | 'duplicate_key'
  | 'unknown_key'
  | 'corrupt_metadata'
  | 'busy'
  | 'partly_revoked';

export class KeysError extends CodedError<KeysErrorCode> {
  override readonly name = 'KeysError';
}

/** A key operation's own failure, or the keychain's, which the platform reports. */
export function isKeysError(
  error: unknown,
  code?: KeysErrorCode,
): error is KeysError | KeychainUnavailableError {
  return (
    (error instanceof KeysError || error instanceof KeychainUnavailableError) &&
    (code === undefined || error.code === code)
  );
}
