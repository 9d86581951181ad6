import { CodedError } from '../../coded-error.ts';

/**
 * Why a client could not be given its key, as data, so that the window and the command
 * line each say it in their own words. `no_free_name`: every name from the client's to
 * `<client>-20` is taken. `secret_not_delivered`: the key had been given a new secret
 * that the client never received (the cause says why), so its old secret no longer works.
 */
export class ClientKeyError extends CodedError<'no_free_name' | 'secret_not_delivered'> {
  override readonly name = 'ClientKeyError';
  /** The key that lost its secret, or the client's own name when no name was free. */
  readonly keyName: string;

  constructor(
    code: 'no_free_name' | 'secret_not_delivered',
    keyName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.keyName = keyName;
  }
}

export function isClientKeyError(error: unknown): error is ClientKeyError {
  return error instanceof ClientKeyError;
}
