import { CodedError } from '../coded-error.ts';

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

export function isKeysError(error: unknown, code?: KeysErrorCode): error is KeysError {
  return error instanceof KeysError && (code === undefined || error.code === code);
}
