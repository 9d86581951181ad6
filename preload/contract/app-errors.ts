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
  /**
   * The chosen folder cannot be a workspace (missing, not a folder, not absolute), or the
   * workspaces chosen for a key or an app are none, or not all shared (and there) now.
   */
  'invalid_workspace',
  /** The folder choice is unknown, used already or too old: the person picks again. */
  'choice_expired',
  /** A risky folder (home, system, whole drive) was to be shared without the person's yes. */
  'risk_not_accepted',
  /** A name the person chose cannot be used (a key name with characters it may not have). */
  'invalid_name',
  'invalid_settings',
  /**
   * An undo was refused because things changed since the change: the window shows what,
   * and the person may undo it anyway.
   */
  'conflict',
  /** The change cannot be undone (now, or at all); the message says why. */
  'cannot_undo',
  /** The app cannot do it now (settings file read-only, app stopping). */
  'unavailable',
  /** A bug or an unexpected failure; the details are in the diagnostics log only. */
  'internal',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];
