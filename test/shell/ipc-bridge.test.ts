// Every IPC handler first checks that the message comes from our window's main frame on
// app://airlock/, then validates the payload with the contract; anything else gets an
// error envelope and never reaches the app.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserWindow, IpcMain } from 'electron';
import type { IpcHandlers } from '../../main/core/app/ipc/ipc-handlers.ts';
import { createIpcHandlers } from '../../main/core/app/ipc/ipc-handlers.ts';
import { isOurMainFrame, registerIpcHandlers } from '../../main/shell/ipc-bridge.ts';
import { INVOKE_CHANNELS, wireChannel } from '../../preload/ipc-channels.ts';
import { capturedLog, statusWith } from '../core/app/app-fixture.ts';
import {
  FakeBrowserWindow,
  FakeFrame,
  FakeIpcMain,
  FakeWebContents,
  ipcEventFrom,
} from './fake-electron.ts';

function ourWindow(url = 'app://airlock/') {
  const window = new FakeBrowserWindow({});
  window.webContents.mainFrame.url = url;
  return window;
}
const asWindow = (window: FakeBrowserWindow) => window as unknown as BrowserWindow;

describe('the IPC sender check', () => {
  it('accepts our window’s main frame showing our page', () => {
    const window = ourWindow('app://airlock/index.html');
    assert.equal(isOurMainFrame(ipcEventFrom(window.webContents) as never, asWindow(window)), true);
  });

  it('rejects a sub-frame of our window', () => {
    const window = ourWindow();
    const child = new FakeFrame('app://airlock/');
    assert.equal(
      isOurMainFrame(ipcEventFrom(window.webContents, child) as never, asWindow(window)),
      false,
    );
  });

  it('rejects another web contents, even one showing our page', () => {
    const window = ourWindow();
    const other = new FakeWebContents('app://airlock/');
    assert.equal(isOurMainFrame(ipcEventFrom(other) as never, asWindow(window)), false);
  });

  it('rejects our main frame once it shows anything but app://airlock/', () => {
    for (const url of [
      'https://evil.example/',
      'file:///tmp/x.html',
      'app://airlock.evil/',
      'about:blank',
    ]) {
      const window = ourWindow(url);
      assert.equal(
        isOurMainFrame(ipcEventFrom(window.webContents) as never, asWindow(window)),
        false,
        url,
      );
    }
  });

  it('rejects a message whose frame is gone, and any message when there is no window', () => {
    const window = ourWindow();
    assert.equal(
      isOurMainFrame(ipcEventFrom(window.webContents, null) as never, asWindow(window)),
      false,
    );
    assert.equal(isOurMainFrame(ipcEventFrom(window.webContents) as never, undefined), false);
    window.destroyed = true;
    assert.equal(
      isOurMainFrame(ipcEventFrom(window.webContents) as never, asWindow(window)),
      false,
    );
  });
});

describe('registering the IPC handlers', () => {
  function setUp() {
    const ipcMain = new FakeIpcMain();
    const window = ourWindow();
    const reached: string[] = [];
    const handlers = Object.fromEntries(
      INVOKE_CHANNELS.map((channel) => [
        channel,
        async (request: unknown) => {
          reached.push(channel);
          return { ok: true, data: request };
        },
      ]),
    ) as unknown as IpcHandlers;
    const undo = registerIpcHandlers(
      ipcMain as unknown as IpcMain,
      handlers,
      (event) => isOurMainFrame(event, asWindow(window)),
      capturedLog(),
    );
    return { ipcMain, window, reached, undo };
  }

  it('registers one namespaced handler per contract channel, and can remove them', () => {
    const { ipcMain, undo } = setUp();
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), INVOKE_CHANNELS.map(wireChannel).sort());
    undo();
    assert.equal(ipcMain.handlers.size, 0);
  });

  it('passes a message from our main frame to its handler', async () => {
    const { ipcMain, window, reached } = setUp();
    const answer = await ipcMain.invoke('airlock:setPaused', ipcEventFrom(window.webContents), {
      paused: true,
    });
    assert.deepEqual(answer, { ok: true, data: { paused: true } });
    assert.deepEqual(reached, ['setPaused']);
  });

  it('answers a sub-frame or a foreign sender with "forbidden" and never calls the handler', async () => {
    const { ipcMain, window, reached } = setUp();
    const fromChild = await ipcMain.invoke(
      'airlock:setPaused',
      ipcEventFrom(window.webContents, new FakeFrame('app://airlock/')),
      { paused: false },
    );
    const fromOther = await ipcMain.invoke(
      'airlock:getStatus',
      ipcEventFrom(new FakeWebContents()),
    );
    for (const answer of [fromChild, fromOther])
      assert.deepEqual(answer, {
        ok: false,
        error: { code: 'forbidden', message: 'Only the Airlock window may ask this.' },
      });
    assert.deepEqual(reached, []);
  });

  it('checks the payload against the contract behind the sender check', async () => {
    const ipcMain = new FakeIpcMain();
    const window = ourWindow();
    let pausedWith: boolean | undefined;
    const app = {
      status: () => statusWith({ paused: pausedWith ?? false }),
      setPaused: async (paused: boolean) => {
        pausedWith = paused;
        return statusWith({ paused });
      },
    };
    registerIpcHandlers(
      ipcMain as unknown as IpcMain,
      createIpcHandlers({
        app: app as never,
        pickFolder: async () => undefined,
        pickSaveFile: async () => undefined,
        log: capturedLog(),
      }),
      (event) => isOurMainFrame(event, asWindow(window)),
      capturedLog(),
    );
    const bad = (await ipcMain.invoke('airlock:setPaused', ipcEventFrom(window.webContents), {
      paused: 'please',
    })) as { ok: boolean; error?: { code: string } };
    assert.equal(bad.ok, false);
    assert.equal(bad.error?.code, 'invalid_request');
    assert.equal(pausedWith, undefined, 'an invalid payload does nothing');
    const good = (await ipcMain.invoke('airlock:setPaused', ipcEventFrom(window.webContents), {
      paused: true,
    })) as { ok: boolean };
    assert.equal(good.ok, true);
    assert.equal(pausedWith, true);
  });
});
