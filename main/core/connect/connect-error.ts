import { CodedError } from '../coded-error.ts';

/** Why a client's config could not be changed. Every message says what to do next. */
export type ConnectErrorCode =
  | 'not_installed'
  | 'unreadable_config'
  | 'unusual_config'
  | 'read_only'
  | 'not_a_file'
  | 'verify_failed'
  | 'missing_bridge'
  | 'key_unavailable';

export class ConnectError extends CodedError<ConnectErrorCode> {
  override readonly name = 'ConnectError';
}

export function isConnectError(error: unknown, code?: ConnectErrorCode): error is ConnectError {
  return error instanceof ConnectError && (code === undefined || error.code === code);
}
