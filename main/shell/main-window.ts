import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Dock,
  WebPreferences,
} from 'electron';
import { wireChannel, type EventChannel } from '../../preload/ipc-channels.ts';
import type { EventPayloadOf } from '../../preload/ipc-contract.ts';
import { APP_URL } from './app-scheme.ts';

/**
 * The window's renderer gets no Node, no Electron and no other page's world: isolated
 * context, OS sandbox, web security on, no webviews, and only the preload's small API.
 */
export const MAIN_WINDOW_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences;

export function mainWindowOptions(options: {
  readonly preload: string;
  /** Developer tools only in a development build. */
  readonly devTools: boolean;
}): BrowserWindowConstructorOptions {
  return {
    title: 'Airlock',
    width: 760,
    height: 600,
    minWidth: 480,
    minHeight: 360,
    // Shown once the page has painted, so it never flashes white in dark mode.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      ...MAIN_WINDOW_WEB_PREFERENCES,
      preload: options.preload,
      devTools: options.devTools,
    },
  };
}

export interface MainWindowDependencies {
  readonly createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow;
  readonly options: BrowserWindowConstructorOptions;
  /** macOS only: the Dock icon shows while the window does. */
  readonly dock: Pick<Dock, 'show' | 'hide'> | undefined;
  /** Closing the window only hides it, unless the app is quitting. */
  readonly isQuitting: () => boolean;
}

/**
 * The one Airlock window, made on first use. Closing it leaves the app in the tray, so
 * it is hidden rather than destroyed; while it is hidden on macOS there is no Dock icon.
 */
export class MainWindow {
  readonly #deps: MainWindowDependencies;
  #window: BrowserWindow | undefined;
  readonly #onHidden = new Set<() => void>();

  constructor(deps: MainWindowDependencies) {
    this.#deps = deps;
  }

  /** The live window, if one exists; the IPC sender check compares against it. */
  get current(): BrowserWindow | undefined {
    return this.#window && !this.#window.isDestroyed() ? this.#window : undefined;
  }

  /** Whether the person can see the window now: made, shown and not minimized. */
  get visible(): boolean {
    const window = this.current;
    return window !== undefined && window.isVisible() && !window.isMinimized();
  }

  /**
   * Puts the shown window above the others and asks for attention, without taking the
   * keyboard: a key the person meant for another app must never land on a request.
   */
  bringForward(): void {
    const window = this.current;
    if (!window) return;
    window.moveTop();
    window.flashFrame(true);
    window.once('focus', () => window.flashFrame(false));
  }

  show(): void {
    const existing = this.current;
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return;
    }
    const window = this.#deps.createWindow(this.#deps.options);
    this.#window = window;
    window.once('ready-to-show', () => window.show());
    window.on('show', () => void this.#deps.dock?.show());
    window.on('hide', () => {
      this.#deps.dock?.hide();
      this.#hidden();
    });
    window.on('close', (event) => {
      if (this.#deps.isQuitting()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (this.#window === window) this.#window = undefined;
      this.#deps.dock?.hide();
      this.#hidden();
    });
    void window.loadURL(APP_URL);
  }

  /**
   * Called whenever the window is hidden (closing only hides it) or destroyed: work done
   * only for someone looking at it stops, even if the page could not say so itself.
   */
  onHidden(listener: () => void): void {
    this.#onHidden.add(listener);
  }

  #hidden(): void {
    for (const listener of this.#onHidden) listener();
  }

  /**
   * Sends one of the contract's events to the page, if the window is open. The only way
   * main talks to the page unasked, so it takes only an event the contract names, with that
   * event's payload.
   */
  send<E extends EventChannel>(event: E, payload: EventPayloadOf<E>): void {
    this.current?.webContents.send(wireChannel(event), payload);
  }
}
