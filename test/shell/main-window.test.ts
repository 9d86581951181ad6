// The window's security settings and its life: made once, served from app://airlock/,
// hidden (not destroyed) when closed, and on macOS a Dock icon only while it shows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import {
  MAIN_WINDOW_WEB_PREFERENCES,
  MainWindow,
  mainWindowOptions,
} from '../../main/shell/main-window.ts';
import type { EventPayloadOf } from '../../preload/ipc-contract.ts';
import { FakeBrowserWindow, FakeDock, fakeElectron } from './fake-electron.ts';

describe('the window’s web preferences', () => {
  it('isolate the page: context isolation, sandbox, no Node, web security, no webviews', () => {
    const preferences = mainWindowOptions({
      preload: '/dist/preload/preload.cjs',
      devTools: false,
    }).webPreferences;
    assert.equal(preferences?.contextIsolation, true);
    assert.equal(preferences?.sandbox, true);
    assert.equal(preferences?.nodeIntegration, false);
    assert.equal(preferences?.nodeIntegrationInWorker, false);
    assert.equal(preferences?.nodeIntegrationInSubFrames, false);
    assert.equal(preferences?.webSecurity, true);
    assert.equal(preferences?.allowRunningInsecureContent, false);
    assert.equal(preferences?.webviewTag, false);
    assert.equal(preferences?.experimentalFeatures, false);
    assert.equal(preferences?.preload, '/dist/preload/preload.cjs');
  });

  it('allow developer tools only in a development build', () => {
    assert.equal(
      mainWindowOptions({ preload: 'p', devTools: false }).webPreferences?.devTools,
      false,
    );
    assert.equal(
      mainWindowOptions({ preload: 'p', devTools: true }).webPreferences?.devTools,
      true,
    );
  });

  it('cannot be loosened by the options around them', () => {
    const options = mainWindowOptions({ preload: 'p', devTools: true });
    for (const [key, value] of Object.entries(MAIN_WINDOW_WEB_PREFERENCES))
      assert.equal((options.webPreferences as Record<string, unknown>)[key], value, key);
  });
});

/** A stand-in status, told apart by its number; what the window does with it is not the point. */
function statusNumbered(number: number): EventPayloadOf<'statusChanged'> {
  return { number } as unknown as EventPayloadOf<'statusChanged'>;
}

function windowUnderTest(quitting = false) {
  fakeElectron();
  const dock = new FakeDock();
  const window = new MainWindow({
    createWindow: (options: BrowserWindowConstructorOptions) =>
      new FakeBrowserWindow(options as Record<string, unknown>) as unknown as BrowserWindow,
    options: mainWindowOptions({ preload: 'p', devTools: false }),
    dock,
    isQuitting: () => quitting,
  });
  return { window, dock, created: FakeBrowserWindow.instances };
}

describe('the Airlock window', () => {
  it('is made on first show, loads app://airlock/ and shows once painted', () => {
    const { window, created } = windowUnderTest();
    window.show();
    const [made] = created;
    assert.equal(made?.loadedUrl, 'app://airlock/');
    assert.equal(made?.options.show, false);
    assert.equal(made?.visible, false);
    made?.emit('ready-to-show');
    assert.equal(made?.visible, true);
  });

  it('is made only once: showing it again brings the same window forward', () => {
    const { window, created } = windowUnderTest();
    window.show();
    const made = created[0] as FakeBrowserWindow;
    made.minimized = true;
    window.show();
    assert.equal(created.length, 1);
    assert.equal(made.minimized, false);
    assert.equal(made.focused, true);
  });

  it('is visible only when made, shown and not minimized', () => {
    const { window, created } = windowUnderTest();
    assert.equal(window.visible, false, 'not made yet');
    window.show();
    const made = created[0] as FakeBrowserWindow;
    assert.equal(window.visible, false, 'not painted yet');
    made.emit('ready-to-show');
    assert.equal(window.visible, true);
    made.minimized = true;
    assert.equal(window.visible, false);
    made.minimized = false;
    made.close();
    assert.equal(window.visible, false, 'hidden');
  });

  it('comes forward for attention without taking the keyboard, and stops flashing once focused', () => {
    const { window, created } = windowUnderTest();
    window.show();
    const made = created[0] as FakeBrowserWindow;
    made.emit('ready-to-show');
    made.focused = false;
    window.bringForward();
    assert.equal(made.movedToTop, 1);
    assert.equal(made.flashing, true);
    assert.equal(made.focused, false, 'a key meant for another app never lands on a request');
    made.takeFocus();
    assert.equal(made.flashing, false);
  });

  it('hides instead of closing, so the app stays in the tray', () => {
    const { window, created } = windowUnderTest();
    window.show();
    const made = created[0] as FakeBrowserWindow;
    made.show();
    made.close();
    assert.equal(made.destroyed, false);
    assert.equal(made.visible, false);
    assert.equal(window.current, made as unknown as BrowserWindow);
  });

  it('really closes when the app is quitting', () => {
    const { window, created } = windowUnderTest(true);
    window.show();
    const made = created[0] as FakeBrowserWindow;
    made.close();
    assert.equal(made.destroyed, true);
    assert.equal(window.current, undefined);
  });

  it('shows the Dock icon while the window shows, and hides it with the window', () => {
    const { window, created, dock } = windowUnderTest();
    dock.hide();
    window.show();
    const made = created[0] as FakeBrowserWindow;
    made.show();
    assert.equal(dock.visible, true);
    made.close();
    assert.equal(dock.visible, false);
  });

  it('tells its listeners each time it is hidden or destroyed', () => {
    const { window, created } = windowUnderTest();
    let hidden = 0;
    window.onHidden(() => (hidden += 1));
    window.show();
    const made = created[0] as FakeBrowserWindow;
    made.show();
    made.close();
    assert.equal(hidden, 1, 'closing hides it');
    made.show();
    // Electron destroys a window that crashed or was closed while quitting.
    made.destroyed = true;
    made.emit('closed');
    assert.equal(hidden, 2, 'a window that goes away is hidden too');
  });

  it('sends events only to a live window', () => {
    const { window, created } = windowUnderTest(true);
    window.send('statusChanged', statusNumbered(1));
    window.show();
    const made = created[0] as FakeBrowserWindow;
    window.send('statusChanged', statusNumbered(2));
    made.close();
    window.send('statusChanged', statusNumbered(3));
    assert.deepEqual(made.webContents.sent, [['airlock:statusChanged', statusNumbered(2)]]);
  });

  it('sends only the events the contract names, each with its own payload', () => {
    const { window, created } = windowUnderTest(true);
    window.show();
    // @ts-expect-error: a channel the contract does not name is refused by the compiler.
    window.send('somethingElse', statusNumbered(1));
    // @ts-expect-error: a payload of the wrong shape is refused by the compiler.
    window.send('statusChanged', 1);
    const made = created[0] as FakeBrowserWindow;
    assert.equal(made.webContents.sent.length, 2, 'at run time both were passed on as given');
  });
});
