import type { AppStatus } from './status-text.ts';

/**
 * A change to the window's status: a whole status main has just answered, or a function
 * that changes the newest status known. A call's answer that carries only part of the
 * status (the folders) must be laid over the newest status, not over the one the screen
 * saw when the call began: a statusChanged event (a pause from the tray, a client
 * connecting) may have come in meanwhile, and main does not send the same status twice.
 */
export type StatusUpdate = AppStatus | ((known: AppStatus) => AppStatus);

export function applyStatusUpdate(
  known: AppStatus | undefined,
  update: StatusUpdate,
): AppStatus | undefined {
  if (typeof update !== 'function') return update;
  return known === undefined ? undefined : update(known);
}

/** The folder list a call answered with, over the newest status; the rest left as it is. */
export function withWorkspaces(workspaces: AppStatus['workspaces']): StatusUpdate {
  return (known) => ({ ...known, workspaces });
}
