import type { Stats } from 'node:fs';
import { PolicyError } from '../policy/policy-error.ts';

/**
 * Why a path that opened as something other than a regular file is refused. A pipe would
 * hold a reader until something writes to it, and a device or socket has no content to give.
 */
export function notARegularFile(stats?: Stats): PolicyError {
  if (stats?.isDirectory())
    return new PolicyError('not_a_file', 'That path is a folder, not a file.');
  return new PolicyError(
    'not_a_file',
    'That path is a special file (a pipe, socket or device), not a regular file.',
  );
}

/** Whether `error` is the refusal above: the path is not a file at all. */
export function isNotARegularFile(error: unknown): boolean {
  return error instanceof PolicyError && error.code === 'not_a_file';
}
