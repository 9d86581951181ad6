// A fake `electron` module for the shell's tests: just enough behaviour of each object the
// shell touches, recording what the shell did with it. No Electron binary can run on our
// machines (its download host cannot be reached), so the shell takes these objects as parameters instead of importing them.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellElectron } from '../../main/shell/start-shell.ts';

/** An Electron event: listeners may call preventDefault(). */
export class FakeEvent {
  defaultPrevented = false;
  readonly url: string;

  constructor(url = '') {
    this.url = url;
  }

  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeFrame {
  url: string;

  constructor(url: string) {
    this.url = url;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  readonly sent: [channel: string, payload: unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;

  constructor(url = 'app://airlock/') {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  /** Fires an event the way Chromium would, and says whether a listener refused it. */
  attempt(event: string, url = ''): boolean {
    const fired = new FakeEvent(url);
    this.emit(event, fired, url);
    return fired.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly options: Record<string, unknown>;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    FakeBrowserWindow.instances.push(this);
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }

  show(): void {
    this.visible = true;
    this.emit('show');
  }

  hide(): void {
    this.visible = false;
    this.emit('hide');
  }

  focus(): void {
    this.focused = true;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isVisible(): boolean {
    return this.visible;
  }

  /** How many times it was put above the other windows. */
  movedToTop = 0;
  moveTop(): void {
    this.movedToTop += 1;
  }

  /** Whether it flashes (the taskbar, the Dock) for attention now. */
  flashing = false;
  flashFrame(flag: boolean): void {
    this.flashing = flag;
  }

  /** The person clicks into the window. */
  takeFocus(): void {
    this.focused = true;
    this.emit('focus');
  }

  restore(): void {
    this.minimized = false;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** The person clicks the close button. */
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

export class FakeDock {
  visible = true;
  async show(): Promise<void> {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
}

export class FakeApp extends EventEmitter {
  lockGranted = true;
  quitRequests = 0;
  quitted = false;
  exitCode: number | undefined;
  isPackaged = false;
  readonly paths = new Map<string, string>();
  readonly dock = new FakeDock();
  readonly loginItems: { openAtLogin?: boolean; args?: string[] }[] = [];
  wasOpenedAtLogin = false;
  appUserModelId: string | undefined;
  #markReady: () => void = () => undefined;
  readonly #ready = new Promise<void>((resolve) => (this.#markReady = resolve));
  isReadyNow = false;

  requestSingleInstanceLock(): boolean {
    return this.lockGranted;
  }

  quit(): void {
    this.quitRequests += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }

  exit(code = 0): void {
    this.exitCode = code;
  }

  whenReady(): Promise<void> {
    return this.#ready;
  }

  /** Electron emits 'ready'; the test decides when. */
  becomeReady(): void {
    this.isReadyNow = true;
    this.#markReady();
  }

  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }

  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }

  setLoginItemSettings(settings: { openAtLogin?: boolean; args?: string[] }): void {
    this.loginItems.push(settings);
  }

  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return {
      openAtLogin: this.loginItems.at(-1)?.openAtLogin ?? false,
      wasOpenedAtLogin: this.wasOpenedAtLogin,
    };
  }
}

export class FakeProtocol {
  readonly privileged: { scheme: string; privileges?: Record<string, boolean> }[] = [];
  readonly handlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  /** Whether the app was ready when schemes were registered (Electron requires not). */
  registeredBeforeReady: boolean | undefined;
  readonly #app: FakeApp;

  constructor(app: FakeApp) {
    this.#app = app;
  }

  registerSchemesAsPrivileged(
    schemes: { scheme: string; privileges?: Record<string, boolean> }[],
  ): void {
    this.registeredBeforeReady = !this.#app.isReadyNow;
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler);
  }

  fetch(url: string): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`no handler for ${scheme}:`);
    return Promise.resolve(handler(new Request(url)));
  }
}

export class FakeSession {
  requestHandler:
    | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void)
    | undefined;
  checkHandler: ((contents: unknown, permission: string) => boolean) | undefined;
  deviceHandler: ((details: unknown) => boolean) | undefined;

  setPermissionRequestHandler(handler: FakeSession['requestHandler']): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['deviceHandler']): void {
    this.deviceHandler = handler;
  }
}

type InvokeHandler = (event: unknown, payload: unknown) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`a second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke would resolve to, for a message from `sender`. */
  async invoke(
    channel: string,
    sender: { sender: unknown; senderFrame: FakeFrame | null },
    payload?: unknown,
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(sender, payload);
  }
}

export class FakeMenu {
  readonly template: MenuItemConstructorOptions[];

  constructor(template: MenuItemConstructorOptions[]) {
    this.template = template;
  }

  static buildFromTemplate(template: MenuItemConstructorOptions[]): FakeMenu {
    return new FakeMenu(template);
  }

  item(id: string): MenuItemConstructorOptions {
    const found = this.template.find((entry) => entry.id === id);
    if (!found) throw new Error(`no menu item ${id}`);
    return found;
  }

  /** The person clicks an item. */
  click(id: string): void {
    const click = this.item(id).click as (() => void) | undefined;
    if (!click) throw new Error(`menu item ${id} has no click handler`);
    click();
  }
}

export class FakeNativeImage {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  isEmpty(): boolean {
    return this.path === '' || !existsSync(this.path);
  }

  static createFromPath(path: string): FakeNativeImage {
    return new FakeNativeImage(path);
  }
}

export class FakeTray {
  static readonly instances: FakeTray[] = [];
  readonly image: FakeNativeImage;
  menu: FakeMenu | undefined;
  tooltip = '';
  title = '';
  destroyed = false;

  constructor(image: FakeNativeImage) {
    this.image = image;
    FakeTray.instances.push(this);
  }

  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends EventEmitter {
  static readonly shown: { title?: string; body?: string }[] = [];
  /** Every notification shown, newest last, to click or to see closed. */
  static readonly instances: FakeNotification[] = [];
  readonly options: { title?: string; body?: string };
  closed = false;

  constructor(options: { title?: string; body?: string }) {
    super();
    this.options = options;
  }

  static isSupported(): boolean {
    return true;
  }

  show(): void {
    FakeNotification.shown.push(this.options);
    FakeNotification.instances.push(this);
  }

  close(): void {
    this.closed = true;
  }

  /** The person clicks the notification. */
  click(): void {
    this.emit('click');
  }
}

export class FakeDialog {
  /** The folder the next picker returns; undefined cancels. */
  nextFolder: string | undefined;
  readonly pickers: unknown[][] = [];
  readonly errors: [title: string, content: string][] = [];

  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.pickers.push(args);
    return this.nextFolder === undefined
      ? { canceled: true, filePaths: [] }
      : { canceled: false, filePaths: [this.nextFolder] };
  }

  /** The file the next save dialog returns; undefined cancels. */
  nextSaveFile: string | undefined;
  readonly savers: unknown[][] = [];

  async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    this.savers.push(args);
    return this.nextSaveFile === undefined
      ? { canceled: true, filePath: '' }
      : { canceled: false, filePath: this.nextSaveFile };
  }

  showErrorBox(title: string, content: string): void {
    this.errors.push([title, content]);
  }
}

export class FakeShell {
  readonly opened: string[] = [];

  /** Files opened with their app, and files shown in the file manager. */
  readonly openedPaths: string[] = [];
  readonly shown: string[] = [];
  /** What openPath resolves with: Electron's reason, or '' when it opened the file. */
  openPathProblem = '';

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }

  async openPath(file: string): Promise<string> {
    this.openedPaths.push(file);
    return this.openPathProblem;
  }

  showItemInFolder(file: string): void {
    this.shown.push(file);
  }
}

/** Electron's clipboard: the text last written. */
export class FakeClipboard {
  text = '';

  writeText(text: string): void {
    this.text = text;
  }
}

/** Electron's nativeTheme: the shell sets themeSource from the theme setting. */
export class FakeNativeTheme {
  themeSource: 'system' | 'light' | 'dark' = 'system';
}

export interface FakeElectron {
  readonly app: FakeApp;
  readonly nativeTheme: FakeNativeTheme;
  readonly protocol: FakeProtocol;
  readonly session: { readonly defaultSession: FakeSession };
  readonly ipcMain: FakeIpcMain;
  readonly dialog: FakeDialog;
  readonly shell: FakeShell;
  readonly clipboard: FakeClipboard;
  /** The same objects, typed as the shell takes them. */
  readonly electron: ShellElectron;
}

/** A fresh fake `electron`; class-level instance lists are cleared too. */
export function fakeElectron(): FakeElectron {
  FakeBrowserWindow.instances.length = 0;
  FakeTray.instances.length = 0;
  FakeNotification.shown.length = 0;
  FakeNotification.instances.length = 0;
  const app = new FakeApp();
  const parts = {
    app,
    protocol: new FakeProtocol(app),
    session: { defaultSession: new FakeSession() },
    ipcMain: new FakeIpcMain(),
    dialog: new FakeDialog(),
    shell: new FakeShell(),
    clipboard: new FakeClipboard(),
    nativeTheme: new FakeNativeTheme(),
  };
  const electron = {
    ...parts,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: FakeMenu,
    nativeImage: FakeNativeImage,
    Notification: FakeNotification,
  } as unknown as ShellElectron;
  return { ...parts, electron };
}

/** An IPC event as Electron builds it for a message from this frame of these contents. */
export function ipcEventFrom(
  contents: FakeWebContents,
  frame: FakeFrame | null = contents.mainFrame,
) {
  return { sender: contents, senderFrame: frame };
}
