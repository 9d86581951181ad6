// The theme setting reaches the parts Electron draws: the shell sets nativeTheme.themeSource
// from the saved setting at start, and again whenever the window saves another theme.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startShell, type RunningShell } from '../../main/shell/start-shell.ts';
import { wireChannel } from '../../preload/ipc-channels.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../core/app/app-fixture.ts';
import { writeConfig } from '../core/settings/settings-fixture.ts';
import {
  FakeBrowserWindow,
  fakeElectron,
  ipcEventFrom,
  type FakeElectron,
} from './fake-electron.ts';

let sandbox: AppSandbox;
let fake: FakeElectron;

beforeEach(async () => {
  sandbox = await makeAppSandbox();
  fake = fakeElectron();
  const dist = path.join(sandbox.root, 'dist');
  await mkdir(path.join(dist, 'renderer'), { recursive: true });
  await writeFile(path.join(dist, 'renderer', 'index.html'), '<!doctype html><title>A</title>');
  await mkdir(sandbox.dataDir, { recursive: true, mode: 0o700 });
});
afterEach(async () => {
  fake.app.quit();
  await sandbox.cleanup();
});

async function launchReady(): Promise<RunningShell> {
  const shell = startShell({
    electron: fake.electron,
    mainModuleUrl: pathToFileURL(path.join(sandbox.root, 'dist', 'shell', 'main.js')).href,
    platform: 'darwin',
    argv: ['Airlock'],
    env: { AIRLOCK_DATA_DIR: sandbox.dataDir },
    execPath: '/Applications/Airlock.app/Contents/MacOS/Airlock',
    log: sandbox.log,
    startApp: (options) => sandbox.start({ searchWorkerUrl: options.searchWorkerUrl }),
  });
  fake.app.becomeReady();
  await shell.ready;
  return shell;
}

describe('the theme setting and nativeTheme', () => {
  it('follows the saved theme from the start', async () => {
    await writeConfig(sandbox.dataDir, { http: { port: 0 }, app: { theme: 'dark' } });
    await launchReady();
    assert.equal(fake.nativeTheme.themeSource, 'dark');
  });

  it('follows each theme the window saves, back to the system’s', async () => {
    await writeConfig(sandbox.dataDir, { http: { port: 0 } });
    await launchReady();
    assert.equal(fake.nativeTheme.themeSource, 'system');
    const window = FakeBrowserWindow.instances[0];
    assert.ok(window, 'the window was made');
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
