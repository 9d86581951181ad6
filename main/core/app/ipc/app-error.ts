import type { AppErrorCode } from '../../../../preload/contract/app-errors.ts';
import { CodedError } from '../../coded-error.ts';

/** An expected failure of an app operation: the window gets its code and its message. */
export class AppError extends CodedError<AppErrorCode> {
  override readonly name = 'AppError';
}
