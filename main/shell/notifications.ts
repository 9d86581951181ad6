import type { Notification, NotificationConstructorOptions } from 'electron';
import type { SettingsRecovery } from '../core/settings/load-app-settings.ts';

/**
 * electron-builder's appId. Windows shows an app's notifications only under the
 * AppUserModelID its installer registered, so the app must claim the same one.
 */
export const WINDOWS_APP_USER_MODEL_ID = 'app.airlock.desktop';

export interface Notifier {
  isSupported(): boolean;
  /** `on('click')` opens what the notification is about; `close` takes it away. */
  create(options: NotificationConstructorOptions): Pick<Notification, 'show' | 'on' | 'close'>;
}

/** Tells the person their settings file was damaged, set aside, and replaced by defaults. */
export function notifySettingsRecovered(notifier: Notifier, recovery: SettingsRecovery): void {
  if (!notifier.isSupported()) return;
  const where = recovery.movedTo
    ? `The old file was kept as ${recovery.movedTo}.`
    : 'The old file could not be moved and was left where it is.';
  notifier
    .create({
      title: 'Airlock reset its settings',
      body: `The settings file could not be used: ${recovery.problem}. Airlock started with the defaults. ${where}`,
    })
    .show();
}
