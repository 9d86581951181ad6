// The whole shell, composed as main.ts composes it, over a fake `electron` and the real
// app logic on a throwaway data dir: the order of start-up, the hardening it installs,
// the tray and window wiring, the kill switch end to end, and quitting.
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AppStatus } from '../../preload/contract/status-views.ts';
import { startShell, type RunningShell } from '../../main/shell/start-shell.ts';
import { CONTENT_SECURITY_POLICY } from '../../main/shell/content-security-policy.ts';
import { INVOKE_CHANNELS, wireChannel } from '../../preload/ipc-channels.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../core/app/app-fixture.ts';
import { writeConfig } from '../core/settings/settings-fixture.ts';
import {
  FakeBrowserWindow,
  FakeFrame,
  FakeNotification,
  FakeTray,
  FakeWebContents,
  fakeElectron,
  ipcEventFrom,
  type FakeElectron,
} from './fake-electron.ts';

let sandbox: AppSandbox;
let fake: FakeElectron;
/** A dist/ folder laid out like the build's, with a page to serve. */
let dist: string;

beforeEach(async () => {
  sandbox = await makeAppSandbox();
  fake = fakeElectron();
  dist = path.join(sandbox.root, 'dist');
  await mkdir(path.join(dist, 'renderer'), { recursive: true });
  await writeFile(
    path.join(dist, 'renderer', 'index.html'),
    '<!doctype html><title>Airlock</title>',
  );
  await mkdir(sandbox.dataDir, { recursive: true });
  await writeConfig(sandbox.dataDir, { http: { port: 0 } });
});
afterEach(async () => {
  fake.app.quit();
  await sandbox.cleanup();
});

function launch(
  options: { platform?: NodeJS.Platform; argv?: string[]; fail?: Error } = {},
): RunningShell {
  return startShell({
    electron: fake.electron,
    mainModuleUrl: pathToFileURL(path.join(dist, 'shell', 'main.js')).href,
    platform: options.platform ?? 'darwin',
    argv: options.argv ?? ['Airlock'],
    env: { AIRLOCK_DATA_DIR: sandbox.dataDir, XDG_CONFIG_HOME: path.join(sandbox.root, 'xdg') },
    execPath: '/Applications/Airlock.app/Contents/MacOS/Airlock',
    home: path.join(sandbox.root, 'home'),
    log: sandbox.log,
    startApp: async (appOptions) => {
      if (options.fail) throw options.fail;
      assert.equal(appOptions.dataDir, sandbox.dataDir, 'the app gets the shared data dir');
      return sandbox.start({ searchWorkerUrl: appOptions.searchWorkerUrl });
    },
  });
}

async function launchReady(options: Parameters<typeof launch>[0] = {}): Promise<RunningShell> {
  const shell = launch(options);
  fake.app.becomeReady();
  await shell.ready;
  return shell;
}

const tray = () => {
  const made = FakeTray.instances[0];
  assert.ok(made, 'a tray was made');
  return made;
};
const theWindow = () => {
  const made = FakeBrowserWindow.instances[0];
  assert.ok(made, 'a window was made');
  return made;
};
const statusesSent = (window: FakeBrowserWindow) =>
  window.webContents.sent
    .filter(([channel]) => channel === 'airlock:statusChanged')
    .map(([, payload]) => payload as AppStatus);

describe('the shell before the app is ready', () => {
  it('registers app:// as a standard, secure scheme before ready, and nothing more privileged', () => {
    launch();
    assert.equal(fake.protocol.registeredBeforeReady, true);
    assert.deepEqual(fake.protocol.privileged, [
      { scheme: 'app', privileges: { standard: true, secure: true, corsEnabled: true } },
    ]);
  });

  it('quits at once when another Airlock holds the lock, and starts nothing', async () => {
    fake.app.lockGranted = false;
    const shell = launch();
    fake.app.becomeReady();
    await shell.ready;
    assert.equal(fake.app.quitRequests, 1);
    assert.equal(shell.app, undefined);
    assert.equal(FakeTray.instances.length, 0);
    assert.equal(fake.ipcMain.handlers.size, 0);
  });

  it('creates the data dir readable by its owner only, before anything writes in it', async () => {
    await rm(sandbox.dataDir, { recursive: true });
    launch();
    if (process.platform !== 'win32')
      assert.equal((await stat(sandbox.dataDir)).mode & 0o777, 0o700);
  });

  it('claims the installer’s app id on Windows, so its notifications show', async () => {
    launch({ platform: 'win32' });
    const builderConfig = await readFile(
      fileURLToPath(new URL('../../electron-builder.yml', import.meta.url)),
      'utf8',
    );
    assert.equal(fake.app.appUserModelId, /^appId:\s*(\S+)$/m.exec(builderConfig)?.[1]);
  });

  it('keeps running in the tray when the last window closes', () => {
    launch();
    assert.ok(fake.app.listenerCount('window-all-closed') > 0);
    fake.app.emit('window-all-closed');
    assert.equal(fake.app.quitRequests, 0);
  });

  it('guards every web contents Electron creates', () => {
    launch();
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    assert.equal(contents.attempt('will-navigate', 'https://example.com/'), true);
    assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://example.com/' }), {
      action: 'deny',
    });
    assert.deepEqual(fake.shell.opened, ['https://example.com/', 'https://example.com/']);
  });
});

describe('the shell once ready', () => {
  it('denies permissions, serves the UI with the CSP, and handles every contract channel', async () => {
    await launchReady();
    assert.equal(fake.session.defaultSession.requestHandler !== undefined, true);
    assert.equal(fake.session.defaultSession.checkHandler?.({}, 'media'), false);
    const page = await fake.protocol.fetch('app://airlock/');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.deepEqual(
      [...fake.ipcMain.handlers.keys()].sort(),
      INVOKE_CHANNELS.map(wireChannel).sort(),
    );
  });

  it('puts Electron’s own files in the shared data dir', async () => {
    await launchReady();
    assert.equal(fake.app.paths.get('userData'), sandbox.dataDir);
  });

  it('opens the hardened window on app://airlock/ with the bundled preload', async () => {
    await launchReady();
    const window = theWindow();
    assert.equal(window.loadedUrl, 'app://airlock/');
    const preferences = window.options.webPreferences as Record<string, unknown>;
    assert.equal(preferences.preload, path.join(dist, 'preload', 'preload.cjs'));
    assert.equal(preferences.sandbox, true);
    assert.equal(preferences.contextIsolation, true);
    assert.equal(preferences.nodeIntegration, false);
  });

  it('opens no window when started at login, only the tray', async () => {
    await launchReady({ argv: ['Airlock', '--hidden'] });
    assert.equal(FakeBrowserWindow.instances.length, 0);
    assert.ok(tray().menu);
    assert.equal(fake.app.dock.visible, false, 'no Dock icon while only the tray shows');
  });

  it('shows and focuses the window when Airlock is launched a second time', async () => {
    await launchReady({ argv: ['Airlock', '--hidden'] });
    fake.app.emit('second-instance', {}, ['Airlock'], '/');
    const window = theWindow();
    window.emit('ready-to-show');
    assert.equal(window.visible, true);
    fake.app.emit('second-instance', {}, ['Airlock'], '/');
    assert.equal(window.focused, true);
    assert.equal(FakeBrowserWindow.instances.length, 1);
  });

  it('shows the tray with the status menu, using the macOS template icon', async () => {
    await launchReady();
    assert.equal(tray().image.path, path.join(dist, 'tray', 'trayTemplate.png'));
    assert.equal(tray().title, 'Airlock', 'no icon in this dist, so a title instead');
    assert.equal(tray().menu?.item('state').label, 'Running: agents can use your folders');
    assert.equal(tray().tooltip, 'Airlock: running');
  });

  it('tells the person with a notification when their settings file was set aside', async () => {
    await writeConfig(sandbox.dataDir, 'not json at all');
    await launchReady();
    assert.equal(FakeNotification.shown.length, 1);
    assert.match(FakeNotification.shown[0]?.body ?? '', /not valid JSON/);
  });

  it('shows an error box and exits when the app cannot start', async () => {
    await launchReady({ fail: new Error('the data folder is not writable') });
    assert.deepEqual(
      fake.dialog.errors.map(([title]) => title),
      ['Airlock could not start'],
    );
    assert.match(fake.dialog.errors[0]?.[1] ?? '', /not writable/);
    assert.equal(fake.app.exitCode, 1);
  });
});

describe('the kill switch, wired through tray, IPC and window', () => {
  it('"Pause all access" in the tray pauses, and the tray and window follow', async () => {
    const shell = await launchReady();
    tray().menu?.click('access');
    await eventually(() => shell.app?.access.paused === true, 'access is paused');
    await eventually(
      () => tray().menu?.item('access').label === 'Resume access',
      'the tray offers Resume',
    );
    assert.equal(statusesSent(theWindow()).at(-1)?.paused, true);
  });

  it('setPaused from the window pauses, and the tray offers Resume access', async () => {
    const shell = await launchReady();
    const window = theWindow();
    const answer = (await fake.ipcMain.invoke(
      'airlock:setPaused',
      ipcEventFrom(window.webContents),
      {
        paused: true,
      },
    )) as { ok: boolean; data: AppStatus };
    assert.equal(answer.ok, true);
    assert.equal(answer.data.paused, true);
    assert.equal(shell.app?.access.paused, true);
    assert.equal(tray().menu?.item('access').label, 'Resume access');
    tray().menu?.click('access');
    await eventually(() => shell.app?.access.paused === false, 'access is resumed');
  });

  it('refuses setPaused from a frame that is not our window’s main frame', async () => {
    const shell = await launchReady();
    const window = theWindow();
    const answer = (await fake.ipcMain.invoke(
      'airlock:setPaused',
      ipcEventFrom(window.webContents, new FakeFrame('app://airlock/')),
      { paused: true },
    )) as { ok: boolean; error: { code: string } };
    assert.equal(answer.error.code, 'forbidden');
    assert.equal(shell.app?.access.paused, false);
  });
});

describe('a change waiting for your OK, through the shell', () => {
  /** A delete in a folder, as the change gate asks the app's approvals about it. */
  function askToDelete(shell: RunningShell, name: string): AbortController {
    const cancel = new AbortController();
    const args = { path: `/home/ann/Taxes 2024/${name}` };
    void shell.app?.approvals.ask(
      {
        requester: { client: 'Claude Desktop', transport: 'socket' },
        workspace: '/home/ann/Taxes 2024',
        tool: 'delete_file',
        args,
        callKey: `delete ${name}`,
        correlationId: 'abcdef012345',
        action: 'delete',
        path: args.path,
        launchPoint: false,
        preview: { kind: 'sizes', mediaType: 'application/pdf', beforeBytes: 10 },
        undoable: true,
      },
      cancel.signal,
    );
    return cancel;
  }

  it('says so in the tray, sends it to the window and brings the window forward', async () => {
    const shell = await launchReady();
    const window = theWindow();
    window.emit('ready-to-show');
    askToDelete(shell, 'report.pdf');
    await eventually(
      () =>
        tray().menu?.template.find((item) => item.id === 'approvals')?.label ===
        '1 change waiting for your OK',
      'the tray says a change waits',
    );
    assert.equal(window.movedToTop, 1);
    assert.ok(
      window.webContents.sent.some(([channel]) => channel === 'airlock:approvalsChanged'),
      'the window is sent the request',
    );
    assert.equal(statusesSent(window).at(-1)?.approvalsWaiting, 1);
    assert.equal(FakeNotification.shown.length, 0);
    tray().menu?.click('approvals');
    assert.equal(window.focused, true, 'the tray item opens the window');
  });

  it('notifies while the window is hidden, and the notification opens it', async () => {
    const shell = await launchReady({ argv: ['Airlock', '--hidden'] });
    askToDelete(shell, 'report.pdf');
    await eventually(() => FakeNotification.shown.length === 1, 'a notification shows');
    assert.equal(FakeNotification.shown[0]?.title, 'Claude Desktop asks to delete report.pdf');
    assert.equal(FakeBrowserWindow.instances.length, 0);
    FakeNotification.instances[0]?.click();
    const window = theWindow();
    window.emit('ready-to-show');
    assert.equal(window.visible, true);
  });
});

describe('folders and settings through the shell', () => {
  it('adds the folder picked in the native dialog, attached to the window', async () => {
    const shell = await launchReady();
    const window = theWindow();
    fake.dialog.nextFolder = sandbox.folderA;
    const choice = (await fake.ipcMain.invoke(
      'airlock:pickNewWorkspace',
      ipcEventFrom(window.webContents),
      undefined,
    )) as { ok: boolean; data: { id: string; path: string } };
    assert.equal(choice.data.path, sandbox.folderA);
    const answer = (await fake.ipcMain.invoke(
      'airlock:addWorkspace',
      ipcEventFrom(window.webContents),
      { choice: choice.data.id, access: 'read' },
    )) as { ok: boolean; data: { added: { path: string } } };
    assert.equal(answer.data.added.path, sandbox.folderA);
    assert.equal(fake.dialog.pickers[0]?.[0], window, 'the picker is the window’s sheet');
    assert.deepEqual(shell.app?.settings.settings.workspaces, [
      { path: sandbox.folderA, access: 'read', askBefore: 'replacing', maskSecrets: true },
    ]);
  });

  it('"Start at login" in the tray sets the macOS login item and ticks the box', async () => {
    const shell = await launchReady();
    tray().menu?.click('start-at-login');
    await eventually(
      () => shell.app?.settings.settings.app.startAtLogin === true,
      'the setting is saved',
    );
    await eventually(
      () => fake.app.loginItems.at(-1)?.openAtLogin === true,
      'the login item is set',
    );
    assert.equal(tray().menu?.item('start-at-login').checked, true);
  });
});

describe('quitting', () => {
  it('stops the servers first, then quits', async () => {
    const shell = await launchReady();
    const socketState = () =>
      shell.app?.status().transports.find((t) => t.transport === 'socket')?.state;
    assert.equal(socketState(), 'listening');
    fake.app.quit();
    assert.equal(fake.app.quitted, false, 'the first quit waits for the servers');
    await eventually(() => fake.app.quitted, 'the app quits once stopped');
    assert.equal(socketState(), undefined);
  });

  it('lets the window really close while quitting', async () => {
    await launchReady();
    const window = theWindow();
    fake.app.quit();
    window.close();
    assert.equal(window.destroyed, true);
  });
});

describe('connecting apps through the shell', () => {
  it("finds apps in the person's home and uses Electron's shell and clipboard for the window", async () => {
    const home = path.join(sandbox.root, 'home');
    await mkdir(path.join(home, '.cursor'), { recursive: true });
    await writeFile(path.join(dist, 'airlock.mcpb'), 'PK');
    await writeConfig(sandbox.dataDir, { http: { port: 47999 } });
    await launchReady();
    const sender = ipcEventFrom(theWindow().webContents);
    const call = async (channel: string, payload?: unknown) => {
      const answer = (await fake.ipcMain.invoke(`airlock:${channel}`, sender, payload)) as {
        ok: boolean;
        data: never;
        error?: { message: string };
      };
      assert.equal(answer.ok, true, answer.error?.message);
      return answer.data as Record<string, unknown>;
    };
    const { clients } = (await call('listClients')) as {
      clients: { id: string; installed: boolean; configFile: string; extensionFile: string }[];
    };
    const cursor = clients.find((client) => client.id === 'cursor');
    assert.equal(cursor?.installed, true);
    assert.equal(cursor?.configFile, path.join(home, '.cursor', 'mcp.json'));
    const desktop = clients.find((client) => client.id === 'claude-desktop');
    assert.equal(desktop?.extensionFile, path.join(dist, 'airlock.mcpb'));

    await call('openClaudeExtension', { action: 'reveal' });
    await call('openClaudeExtension', { action: 'open' });
    assert.deepEqual(fake.shell.shown, [path.join(dist, 'airlock.mcpb')]);
    assert.deepEqual(fake.shell.openedPaths, [path.join(dist, 'airlock.mcpb')]);
    fake.shell.openPathProblem = 'No application knows how to open it';
    const refused = (await fake.ipcMain.invoke('airlock:openClaudeExtension', sender, {
      action: 'open',
    })) as { ok: boolean; error: { message: string } };
    // Plain words for the person; the system's reason goes to the diagnostics log.
    assert.match(refused.error.message, /^The extension could not be opened\. In Claude Desktop/);
    assert.equal(refused.error.message.includes('No application knows'), false);
    assert.ok(
      sandbox.log.lines.some((line) => line.includes('No application knows how to open it')),
    );

    await call('copyClientSnippet', { kind: 'http' });
    assert.match(fake.clipboard.text, /"url": "http:\/\/127\.0\.0\.1:47999\/mcp"/);
  });
});

describe("watching apps' settings through the shell", () => {
  it('sends the window an app whose settings changed while Connections watches, and stops once the window hides', async () => {
    const file = path.join(sandbox.root, 'home', '.cursor', 'mcp.json');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{}');
    await launchReady();
    const window = theWindow();
    window.emit('ready-to-show');
    const changes = () =>
      window.webContents.sent.filter(([channel]) => channel === 'airlock:clientChanged');
    const answer = (await fake.ipcMain.invoke(
      'airlock:watchClients',
      ipcEventFrom(window.webContents),
      { watcher: 'connections' },
    )) as { ok: boolean };
    assert.equal(answer.ok, true);
    await writeFile(file, '{ "mcpServers": {} }');
    await eventually(() => changes().length > 0, 'the change is sent to the window');
    assert.equal((changes()[0]?.[1] as { id: string }).id, 'cursor');

    // Closing only hides the window; nobody sees the section, so the watch ends.
    window.close();
    const sent = changes().length;
    await writeFile(file, '{ "mcpServers": { "x": {} } }');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(changes().length, sent);
  });
});

// The theme setting reaches the parts Electron draws: the shell sets nativeTheme.themeSource
// from the saved setting at start, and again whenever the window saves another theme.
describe('the theme setting and nativeTheme', () => {
  it('follows the saved theme from the start', async () => {
    await writeConfig(sandbox.dataDir, { http: { port: 0 }, app: { theme: 'dark' } });
    await launchReady();
    assert.equal(fake.nativeTheme.themeSource, 'dark');
  });

  it('follows each theme the window saves, back to the system’s', async () => {
    await launchReady();
    assert.equal(fake.nativeTheme.themeSource, 'system');
    const window = theWindow();
    for (const theme of ['light', 'dark', 'system'] as const) {
      const answer = (await fake.ipcMain.invoke(
        wireChannel('updateSettings'),
        ipcEventFrom(window.webContents),
        { app: { theme } },
      )) as { ok: boolean };
      assert.equal(answer.ok, true);
      await eventually(() => fake.nativeTheme.themeSource === theme, `nativeTheme is ${theme}`);
    }
  });

  it('leaves nativeTheme alone when another setting changes', async () => {
    await writeConfig(sandbox.dataDir, { http: { port: 0 }, app: { theme: 'light' } });
    const shell = await launchReady();
    fake.nativeTheme.themeSource = 'dark';
    await shell.app?.updateSettings({ limits: { maxEntries: 500 } });
    assert.equal(fake.nativeTheme.themeSource, 'dark');
  });
});
