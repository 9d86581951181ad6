import type { App } from 'electron';
import { setLinuxAutostart } from '../core/app/linux-autostart.ts';

/** The argument a login launch carries, so the app starts in the tray without its window. */
export const HIDDEN_ARGUMENT = '--hidden';

export interface LoginItemTarget {
  readonly app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** The program a Linux autostart entry runs (an AppImage's own path when there is one). */
  readonly executable: string;
}

/**
 * Mirrors the "Start at login" setting to the system: login items on macOS and Windows,
 * the XDG autostart folder on Linux, where Electron has no login item API.
 */
export async function applyStartAtLogin(target: LoginItemTarget, enabled: boolean): Promise<void> {
  if (target.platform === 'linux') {
    await setLinuxAutostart(enabled, {
      executable: target.env.APPIMAGE ?? target.executable,
      args: [HIDDEN_ARGUMENT],
      env: target.env,
    });
    return;
  }
  target.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARGUMENT] });
}

/** Whether this launch came from the login item, so only the tray should appear. */
export function launchedAtLogin(target: LoginItemTarget, argv: readonly string[]): boolean {
  if (argv.includes(HIDDEN_ARGUMENT)) return true;
  return target.platform === 'darwin' && target.app.getLoginItemSettings().wasOpenedAtLogin;
}
