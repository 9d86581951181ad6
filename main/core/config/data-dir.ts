import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Airlock';

/**
 * The folder Electron's app.getPath('userData') gives for the app name "Airlock", so the
 * headless CLI and the tray app share settings, audit log and history.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Application Support', APP_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_NAME);
}

/** --data-dir wins, then AIRLOCK_DATA_DIR, then the shared default. */
export function chooseDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return path.resolve(flag ?? env.AIRLOCK_DATA_DIR ?? defaultDataDir());
}
