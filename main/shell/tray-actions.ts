import type { TrayAction } from '../core/app/tray-menu-model.ts';
import type { AirlockApp } from '../core/app/start-airlock-app.ts';
import type { DiagnosticsLog } from '../core/log/diagnostics.ts';

export interface TrayActionTargets {
  readonly app: Pick<AirlockApp, 'setPaused' | 'updateSettings' | 'settings'>;
  readonly showWindow: () => void;
  readonly quit: () => void;
  readonly log: DiagnosticsLog;
}

/**
 * What each tray item does. "Pause all access" goes through the same setPaused the
 * window's button calls, so tray, window and the saved switch never disagree.
 */
export function trayActionHandler(targets: TrayActionTargets): (action: TrayAction) => void {
  const { app, log } = targets;
  const settle = (work: Promise<unknown>, what: string) =>
    void work.catch((error: unknown) => log.error(`tray: could not ${what}: ${String(error)}`));
  return (action) => {
    switch (action) {
      case 'pause':
        return settle(app.setPaused(true), 'pause access');
      case 'resume':
        return settle(app.setPaused(false), 'resume access');
      case 'open-window':
        return targets.showWindow();
      case 'toggle-start-at-login': {
        const startAtLogin = !app.settings.settings.app.startAtLogin;
        return settle(app.updateSettings({ app: { startAtLogin } }), 'change start at login');
      }
      case 'quit':
        return targets.quit();
      default:
        return assertNever(action);
    }
  };
}

function assertNever(value: never): never {
  throw new Error(`unknown tray action ${String(value)}`);
}
