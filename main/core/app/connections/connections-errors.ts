import { isConnectError } from '../../connect/connect-error.ts';
import { isKeysError } from '../../keys/keys-error.ts';
import { AppError } from '../ipc/app-error.ts';
import { isClientKeyError } from './client-key-error.ts';
import { NAME_TRIES } from './connections-key.ts';

const BY_HAND = 'add Airlock by hand with the text under "Other apps"';

/**
 * The window's words for a failure to change a client's settings file: which app, which
 * file, what is wrong, and that nothing was lost. Errors that are not expected failures
 * are returned unchanged (they reach the diagnostics log).
 */
export function connectionFailure(error: unknown, clientName: string, file: string): unknown {
  const settings = `${clientName}'s settings file, ${file},`;
  if (isConnectError(error)) {
    switch (error.code) {
      case 'not_installed':
        return new AppError(
          'not_found',
          `${clientName} does not seem to be installed on this computer (Airlock looked for ${file}). Install and open it once, then try again, or use the text under "Other apps".`,
        );
      case 'unreadable_config':
        return new AppError(
          'unavailable',
          `${settings} is not valid JSON (${error.message}). Airlock changed nothing. Fix the file in ${clientName}, or ${BY_HAND}.`,
        );
      case 'unusual_config':
        return new AppError(
          'unavailable',
          `${settings} has a shape Airlock will not edit on its own (${unusualReason(error.message)}). Airlock changed nothing; ${BY_HAND}.`,
        );
      case 'read_only':
        return new AppError(
          'unavailable',
          `${settings} is read-only, so Airlock did not change it. Make it writable and try again, or ${BY_HAND}.`,
        );
      case 'not_a_file':
        return new AppError(
          'unavailable',
          `${settings} is not a file (perhaps a folder of that name). Airlock changed nothing.`,
        );
      case 'verify_failed':
        return new AppError(
          'unavailable',
          `Airlock could not change ${settings} without touching something else, so it left the file as it was (a backup is beside it if one was made). Close ${clientName} and try again, or ${BY_HAND}.`,
        );
      case 'missing_bridge':
      case 'key_unavailable':
        return new AppError('unavailable', error.message);
    }
  }
  if (isKeysError(error)) return new AppError('unavailable', error.message);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && code in FILE_PROBLEMS) {
    return new AppError(
      'unavailable',
      `Airlock could not change ${settings} ${FILE_PROBLEMS[code]} Nothing was changed.`,
    );
  }
  return error;
}

/**
 * The window's words for an app that could not be given its key. A secret that was
 * replaced but never reached the app is added to the reason it did not (already in the
 * window's words); an unexpected reason is passed on for the diagnostics log.
 */
export function clientKeyFailure(error: unknown, appName: string): unknown {
  if (!isClientKeyError(error)) return error;
  if (error.code === 'no_free_name') {
    return new AppError(
      'already_added',
      `Airlock found no free name for a new key for this app: "${error.keyName}" to "${error.keyName}-${NAME_TRIES}" are all taken. Revoke keys you no longer use on the Keys page, then try again.`,
    );
  }
  const cause = error.cause;
  if (!(cause instanceof AppError)) return cause;
  return new AppError(
    cause.code,
    `${cause.message} Its key "${error.keyName}" had already been given a new secret, which ${appName} does not have, so the old secret no longer works: connect ${appName} again and Airlock will issue a new one.`,
  );
}

const FILE_PROBLEMS: Record<string, string> = {
  EACCES: 'because it is not allowed to (check the permissions of the file and its folder).',
  EPERM: 'because it is not allowed to (check the permissions of the file and its folder).',
  EROFS: 'because it is on a read-only disk.',
  ENOSPC: 'because the disk is full.',
  ENOTDIR: 'because part of its path is a file, not a folder.',
  EISDIR: 'because it is a folder.',
  EBUSY: 'because another program is using it. Close that program and try again.',
};

/** The reason inside the core's message, which also carries advice meant for the CLI. */
function unusualReason(message: string): string {
  return /\(([^)]*)\)/.exec(message)?.[1] ?? message;
}
