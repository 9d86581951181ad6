import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  App,
  BrowserWindow,
  Clipboard,
  Dialog,
  IpcMain,
  Menu,
  NativeImage,
  NativeTheme,
  Notification,
  NotificationConstructorOptions,
  Protocol,
  Session,
  Shell,
  Tray,
} from 'electron';
import { forwardIpcEvents } from '../core/app/ipc/ipc-events.ts';
import { createIpcHandlers } from '../core/app/ipc/ipc-handlers.ts';
import {
  startAirlockApp,
  type AirlockApp,
  type AirlockAppOptions,
} from '../core/app/start-airlock-app.ts';
import { buildTrayMenu, trayTooltip } from '../core/app/tray-menu-model.ts';
import { chooseDataDir } from '../core/config/data-dir.ts';
import { createDiagnosticsLog, type DiagnosticsLog } from '../core/log/diagnostics.ts';
import { registerAppScheme } from './app-scheme.ts';
import { isOurMainFrame, registerIpcHandlers } from './ipc-bridge.ts';
import { applyStartAtLogin, launchedAtLogin, type LoginItemTarget } from './login-item.ts';
import { MainWindow, mainWindowOptions } from './main-window.ts';
import { connectionsSetup, desktopActions } from './desktop-actions.ts';
import { alertApprovals } from './approval-alerts.ts';
import { applyNativeTheme } from './native-theme.ts';
import { notifySettingsRecovered, WINDOWS_APP_USER_MODEL_ID } from './notifications.ts';
import { denyAllPermissions } from './permissions.ts';
import { serveRenderer } from './renderer-protocol.ts';
import { shellPaths } from './shell-paths.ts';
import { claimSingleInstance } from './single-instance.ts';
import { trayActionHandler } from './tray-actions.ts';
import { setupTray, type AirlockTray } from './tray.ts';
import { guardWebContents } from './web-contents-guards.ts';

/** The parts of the `electron` module the shell uses; tests pass a fake. */
export interface ShellElectron {
  readonly app: App;
  readonly BrowserWindow: typeof BrowserWindow;
  readonly Tray: typeof Tray;
  readonly Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  readonly nativeImage: { createFromPath(file: string): NativeImage };
  readonly nativeTheme: Pick<NativeTheme, 'themeSource'>;
  readonly Notification: typeof Notification;
  readonly protocol: Protocol;
  readonly session: { readonly defaultSession: Session };
  readonly ipcMain: IpcMain;
  readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showErrorBox'>;
  readonly shell: Pick<Shell, 'openExternal' | 'openPath' | 'showItemInFolder'>;
  readonly clipboard: Pick<Clipboard, 'writeText'>;
}

export interface ShellOptions {
  readonly electron: ShellElectron;
  /** import.meta.url of the bundled main, to find dist/. */
  readonly mainModuleUrl: string;
  readonly platform: NodeJS.Platform;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
  /** Where the person's apps keep their settings; os.homedir() by default (tests: a fixture). */
  readonly home?: string;
  /** Replaced in tests to start the app with a memory keychain. */
  readonly startApp?: (options: AirlockAppOptions) => Promise<AirlockApp>;
  readonly log?: DiagnosticsLog;
}

/** What the shell built, for tests to inspect; main.ts ignores it. */
export interface RunningShell {
  /** Resolves once the app is ready and running (or has failed to start). */
  readonly ready: Promise<void>;
  readonly window: MainWindow | undefined;
  readonly app: AirlockApp | undefined;
}

/**
 * The Electron main process, composed from one setup per concern. Everything here is
 * wiring: the behaviour lives in main/core/app and is tested under plain Node.
 */
export function startShell(options: ShellOptions): RunningShell {
  const { electron } = options;
  const { app } = electron;
  const dataDir = chooseDataDir(undefined, options.env);
  // Private from the start: the log file below would otherwise create it world-readable.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log =
    options.log ?? createDiagnosticsLog({ file: path.join(dataDir, 'logs', 'diagnostics.log') });
  const running: { window: MainWindow | undefined; app: AirlockApp | undefined } = {
    window: undefined,
    app: undefined,
  };

  registerAppScheme(electron.protocol);
  if (!claimSingleInstance(app, () => running.window?.show())) {
    return { ready: Promise.resolve(), ...running };
  }
  // Electron's own files (caches, local storage) go beside ours, in the shared data dir.
  app.setPath('userData', dataDir);
  if (options.platform === 'win32') app.setAppUserModelId(WINDOWS_APP_USER_MODEL_ID);
  const quitting = setupQuit(app, () => running.app?.stop(), log);
  // With no listener Electron quits when the last window closes; Airlock stays in the tray.
  app.on('window-all-closed', () => undefined);
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, (url) => electron.shell.openExternal(url)),
  );

  const ready = app
    .whenReady()
    .then(() => whenReady(options, { dataDir, log, quitting, running }))
    .catch((error: unknown) => {
      log.error(
        `Airlock could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      electron.dialog.showErrorBox(
        'Airlock could not start',
        `${error instanceof Error ? error.message : String(error)}\n\nThe details are in ${path.join(dataDir, 'logs')}.`,
      );
      app.exit(1);
    });
  return {
    ready,
    get window() {
      return running.window;
    },
    get app() {
      return running.app;
    },
  };
}

async function whenReady(
  options: ShellOptions,
  context: {
    dataDir: string;
    log: DiagnosticsLog;
    quitting: () => boolean;
    running: { window: MainWindow | undefined; app: AirlockApp | undefined };
  },
): Promise<void> {
  const { electron, platform } = options;
  const { app } = electron;
  const { log, running } = context;
  const paths = shellPaths(options.mainModuleUrl, platform);

  denyAllPermissions(electron.session.defaultSession);
  serveRenderer(electron.protocol, paths.renderer);
  // Only the tray shows until the window is opened.
  app.dock?.hide();

  const airlock = await (options.startApp ?? startAirlockApp)({
    dataDir: context.dataDir,
    searchWorkerUrl: paths.searchWorker,
    env: options.env,
    log,
  });
  running.app = airlock;

  const window = new MainWindow({
    createWindow: (windowOptions) => new electron.BrowserWindow(windowOptions),
    options: mainWindowOptions({ preload: paths.preload, devTools: !app.isPackaged }),
    dock: app.dock,
    isQuitting: context.quitting,
  });
  running.window = window;

  const connections = connectionsSetup({
    paths,
    platform,
    env: options.env,
    home: options.home ?? os.homedir(),
    dataDir: context.dataDir,
  });
  // Apps' settings are watched only while someone can see the window.
  window.onHidden(() => connections.watch.stop());
  registerIpcHandlers(
    electron.ipcMain,
    createIpcHandlers({
      app: airlock,
      log,
      connections,
      desktop: desktopActions(electron),
      pickFolder: async () => {
        const dialogOptions = {
          title: 'Choose a folder the agent can use',
          buttonLabel: 'Choose folder',
          properties: ['openDirectory', 'createDirectory'] as (
            'openDirectory' | 'createDirectory'
          )[],
        };
        const parent = window.current;
        const picked = parent
          ? await electron.dialog.showOpenDialog(parent, dialogOptions)
          : await electron.dialog.showOpenDialog(dialogOptions);
        return picked.canceled ? undefined : picked.filePaths[0];
      },
      pickSaveFile: async (suggestedName) => {
        const dialogOptions = { title: 'Save the activity', defaultPath: suggestedName };
        const parent = window.current;
        const chosen = parent
          ? await electron.dialog.showSaveDialog(parent, dialogOptions)
          : await electron.dialog.showSaveDialog(dialogOptions);
        return chosen.canceled ? undefined : chosen.filePath;
      },
    }),
    (event) => isOurMainFrame(event, window.current),
    log,
  );

  const loginItem: LoginItemTarget = {
    app,
    platform,
    env: options.env,
    executable: options.execPath,
  };
  const tray: AirlockTray = setupTray(
    {
      createTray: (image) => new electron.Tray(image),
      buildMenu: (template) => electron.Menu.buildFromTemplate(template),
      loadImage: (file) => electron.nativeImage.createFromPath(file),
      log,
      platform,
    },
    {
      iconPath: paths.trayIcon,
      menu: () =>
        buildTrayMenu({
          status: airlock.status(),
          startAtLogin: airlock.settings.settings.app.startAtLogin,
        }),
      tooltip: () => trayTooltip(airlock.status()),
      onAction: trayActionHandler({
        app: airlock,
        showWindow: () => window.show(),
        quit: () => app.quit(),
        log,
      }),
    },
  );

  // The kill switch and everything else the tray and window show follow one status.
  airlock.onStatusChanged(() => tray.refresh());
  forwardIpcEvents({ app: airlock, clients: connections.watch }, (event, payload) =>
    window.send(event, payload),
  );
  const syncLoginItem = (enabled: boolean) =>
    void applyStartAtLogin(loginItem, enabled).catch((error: unknown) =>
      log.warn(`could not change start at login: ${String(error)}`),
    );
  airlock.settings.onChange((change) => {
    if (change.keys.includes('app.startAtLogin')) syncLoginItem(change.settings.app.startAtLogin);
    if (change.keys.includes('app.theme'))
      applyNativeTheme(electron.nativeTheme, change.settings.app.theme);
    tray.refresh();
  });
  syncLoginItem(airlock.settings.settings.app.startAtLogin);
  applyNativeTheme(electron.nativeTheme, airlock.settings.settings.app.theme);

  const notifier = {
    isSupported: () => electron.Notification.isSupported(),
    create: (notification: NotificationConstructorOptions) =>
      new electron.Notification(notification),
  };
  // A change waiting for the person's OK brings the window forward, or notifies when hidden.
  alertApprovals({ approvals: airlock.approvals, window, notifier });
  const recovered = airlock.settings.recovered;
  if (recovered) notifySettingsRecovered(notifier, recovered);
  if (!launchedAtLogin(loginItem, options.argv)) window.show();
}

/**
 * Quitting stops the servers first, so clients are disconnected cleanly and the audit
 * log is closed. Returns whether the app is quitting (the window then really closes).
 */
function setupQuit(
  app: Pick<App, 'on' | 'quit'>,
  stopApp: () => Promise<void> | undefined,
  log: DiagnosticsLog,
): () => boolean {
  let quitting = false;
  let stopped = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    const stopping = stopApp();
    if (!stopping) return;
    event.preventDefault();
    void stopping
      .catch((error: unknown) => log.error(`could not stop cleanly: ${String(error)}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  return () => quitting;
}
