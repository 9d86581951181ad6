import type { App } from 'electron';

/**
 * One Airlock per person: two would fight over the socket and the settings. A second
 * launch (a double click on the app, `airlock-bridge --launch`) quits at once and the
 * first one shows its window instead. Returns whether this process holds the lock.
 */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  onSecondLaunch: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondLaunch());
  return true;
}
