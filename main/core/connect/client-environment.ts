import os from 'node:os';
import path from 'node:path';

/**
 * Where a person's apps keep their settings, injected so that tests point every client
 * at a fixture tree (and never at the real home). `appData` is the folder Electron apps
 * use: %APPDATA% on Windows, ~/Library/Application Support on macOS, ~/.config on Linux.
 */
export interface ClientEnvironment {
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly appData: string;
  /** %LOCALAPPDATA% on Windows (where MSIX packages live); unused elsewhere. */
  readonly localAppData: string;
  readonly env: NodeJS.ProcessEnv;
}

export function clientEnvironmentOf(
  platform: NodeJS.Platform,
  home: string,
  env: NodeJS.ProcessEnv,
): ClientEnvironment {
  if (platform === 'win32') {
    return {
      platform,
      home,
      appData: env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'),
      localAppData: env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'),
      env,
    };
  }
  const appData =
    platform === 'darwin'
      ? path.posix.join(home, 'Library', 'Application Support')
      : env.XDG_CONFIG_HOME || path.posix.join(home, '.config');
  return { platform, home, appData, localAppData: appData, env };
}

export function processClientEnvironment(): ClientEnvironment {
  return clientEnvironmentOf(process.platform, os.homedir(), process.env);
}

/** Path functions of the environment's platform, not of the machine running the code. */
export function pathsOf(environment: ClientEnvironment): path.PlatformPath {
  return environment.platform === 'win32' ? path.win32 : path.posix;
}
