/**
 * The expected failures of app operations. They cross IPC as `{ ok: false, error }`
 * envelopes with these codes, so the window can react to each without parsing messages.
 */
export const APP_ERROR_CODES = [
  /** The payload does not match the contract. */
  'invalid_request',
  /** The sender is not our window's main frame. */
  'forbidden',
  'not_found',
  'already_added',
  /** The chosen folder cannot be a workspace (missing, not a folder, not absolute). */
  'invalid_folder',
  'invalid_settings',
  /** The app cannot do it now (settings file read-only, app stopping). */
  'unavailable',
  /** A bug or an unexpected failure; the details are in the diagnostics log only. */
  'internal',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}
