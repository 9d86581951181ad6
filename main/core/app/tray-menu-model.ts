import { waitingWords } from '../../../preload/contract/words/approval-words.ts';
import type { Activity, AppStatus } from '../../../preload/contract/status-views.ts';

/** What a tray item does when clicked; the shell maps each to one call. */
export type TrayAction = 'pause' | 'resume' | 'open-window' | 'toggle-start-at-login' | 'quit';

/** One tray menu item as plain data, so the menu is built and tested without Electron. */
export interface TrayMenuItem {
  /** Stable, for tests and for finding an item. */
  readonly id: string;
  readonly type: 'normal' | 'checkbox' | 'separator';
  readonly label: string;
  readonly enabled: boolean;
  readonly checked?: boolean;
  readonly action?: TrayAction;
}

export interface TrayMenuInput {
  readonly status: AppStatus;
  readonly startAtLogin: boolean;
  /** Local clock time for an ISO timestamp ("14:03"); injected so tests are time-zone free. */
  readonly formatTime?: (iso: string) => string;
}

const info = (id: string, label: string): TrayMenuItem => ({
  id,
  type: 'normal',
  label,
  enabled: false,
});
const separator = (id: string): TrayMenuItem => ({
  id,
  type: 'separator',
  label: '',
  enabled: false,
});
const action = (id: string, label: string, act: TrayAction): TrayMenuItem => ({
  id,
  type: 'normal',
  label,
  enabled: true,
  action: act,
});

/**
 * The tray menu: changes waiting for the person's OK first (the item opens the window,
 * where they are answered), then what Airlock is doing now (running or paused, clients
 * connected, last activity), the kill switch, the window, start at login, quit.
 */
export function buildTrayMenu(input: TrayMenuInput): TrayMenuItem[] {
  const { status } = input;
  const formatTime = input.formatTime ?? localTime;
  const waiting =
    status.approvalsWaiting > 0
      ? [
          action('approvals', waitingWords(status.approvalsWaiting), 'open-window'),
          separator('after-approvals'),
        ]
      : [];
  return [
    ...waiting,
    info(
      'state',
      status.paused
        ? 'Paused: agents cannot use your folders'
        : 'Running: agents can use your folders',
    ),
    info('clients', clientsLine(status.clientsConnected)),
    info('activity', activityLine(status.lastActivity, formatTime)),
    separator('after-status'),
    status.paused
      ? action('access', 'Resume access', 'resume')
      : action('access', 'Pause all access', 'pause'),
    action('open', 'Open Airlock', 'open-window'),
    separator('after-open'),
    {
      id: 'start-at-login',
      type: 'checkbox',
      label: 'Start at login',
      enabled: true,
      checked: input.startAtLogin,
      action: 'toggle-start-at-login',
    },
    separator('before-quit'),
    action('quit', 'Quit Airlock', 'quit'),
  ];
}

/** The tray icon's tooltip. */
export function trayTooltip(status: AppStatus): string {
  const state = status.paused ? 'Airlock: access paused' : 'Airlock: running';
  return status.approvalsWaiting > 0 ? `${state}, ${waitingWords(status.approvalsWaiting)}` : state;
}

function clientsLine(count: number): string {
  if (count === 0) return 'No clients connected';
  return count === 1 ? '1 client connected' : `${count} clients connected`;
}

function activityLine(activity: Activity | null, formatTime: (iso: string) => string): string {
  if (!activity) return 'No activity yet';
  const what = activity.tool ?? 'a request';
  const who = activity.client ? ` by ${activity.client}` : '';
  const refused = activity.outcome === 'ok' ? '' : ` (${activity.outcome})`;
  return `Last activity ${formatTime(activity.at)}: ${what}${who}${refused}`;
}

function localTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
