// The tray: its menu is the plain model turned into Electron items, a click runs the
// item's action, and "Pause all access" is the same switch as the window's button.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Menu, NativeImage, Tray } from 'electron';
import type { AppStatus } from '../../preload/contract/status-views.ts';
import { buildTrayMenu, type TrayAction } from '../../main/core/app/tray-menu-model.ts';
import { trayActionHandler } from '../../main/shell/tray-actions.ts';
import { setupTray } from '../../main/shell/tray.ts';
import { capturedLog, statusWith } from '../core/app/app-fixture.ts';
import { FakeMenu, FakeNativeImage, FakeTray } from './fake-electron.ts';

function trayFor(options: { icon?: string; platform?: NodeJS.Platform } = {}) {
  let status: AppStatus = statusWith();
  const actions: TrayAction[] = [];
  let made: FakeTray | undefined;
  const tray = setupTray(
    {
      createTray: (image) =>
        (made = new FakeTray(image as unknown as FakeNativeImage)) as unknown as Tray,
      buildMenu: (template) => FakeMenu.buildFromTemplate(template) as unknown as Menu,
      loadImage: (file) => FakeNativeImage.createFromPath(file) as unknown as NativeImage,
      log: capturedLog(),
      platform: options.platform ?? 'linux',
    },
    {
      iconPath: options.icon ?? import.meta.filename,
      menu: () => buildTrayMenu({ status, startAtLogin: true }),
      tooltip: () => (status.paused ? 'paused' : 'running'),
      onAction: (action) => actions.push(action),
    },
  );
  return {
    tray,
    actions,
    setStatus: (next: AppStatus) => (status = next),
    get fake() {
      return made as FakeTray;
    },
  };
}

describe('the tray', () => {
  it('shows the model’s items in order, with their state', () => {
    const { fake } = trayFor();
    const items = fake.menu?.template ?? [];
    assert.deepEqual(
      items.map((item) => item.id),
      [
        'state',
        'clients',
        'activity',
        'after-status',
        'access',
        'open',
        'after-open',
        'start-at-login',
        'before-quit',
        'quit',
      ],
    );
    assert.equal(fake.menu?.item('state').enabled, false);
    assert.equal(fake.menu?.item('access').label, 'Pause all access');
    assert.equal(fake.menu?.item('start-at-login').type, 'checkbox');
    assert.equal(fake.menu?.item('start-at-login').checked, true);
    assert.equal(fake.menu?.item('after-status').type, 'separator');
    assert.equal(fake.tooltip, 'running');
  });

  it('runs each item’s action on a click', () => {
    const { fake, actions } = trayFor();
    for (const id of ['access', 'open', 'start-at-login', 'quit']) fake.menu?.click(id);
    assert.deepEqual(actions, ['pause', 'open-window', 'toggle-start-at-login', 'quit']);
  });

  it('gives the status lines no click', () => {
    const { fake } = trayFor();
    assert.equal(fake.menu?.item('state').click, undefined);
  });

  it('rebuilds the menu from the status on refresh', () => {
    const { tray, fake, setStatus, actions } = trayFor();
    setStatus(statusWith({ paused: true }));
    tray.refresh();
    assert.equal(fake.menu?.item('access').label, 'Resume access');
    assert.equal(fake.tooltip, 'paused');
    fake.menu?.click('access');
    assert.deepEqual(actions, ['resume']);
  });

  it('still works without its icon file, showing a title on macOS', () => {
    const { fake } = trayFor({ icon: '/no/such/trayTemplate.png', platform: 'darwin' });
    assert.equal(fake.image.isEmpty(), true);
    assert.equal(fake.title, 'Airlock');
    assert.ok(fake.menu, 'the menu is there all the same');
  });

  it('shows no title when the icon is there', () => {
    assert.equal(trayFor({ platform: 'darwin' }).fake.title, '');
  });
});

describe('the tray’s actions', () => {
  function targets(startAtLogin = false) {
    const calls: string[] = [];
    const handler = trayActionHandler({
      app: {
        setPaused: async (paused: boolean) => {
          calls.push(`setPaused(${paused})`);
          return statusWith({ paused });
        },
        updateSettings: async (patch: unknown) => {
          calls.push(`updateSettings(${JSON.stringify(patch)})`);
          return {} as never;
        },
        settings: { settings: { app: { startAtLogin } } } as never,
      },
      showWindow: () => calls.push('showWindow'),
      quit: () => calls.push('quit'),
      log: capturedLog(),
    });
    return { handler, calls };
  }

  it('pause and resume go through the app’s setPaused, like the window’s button', () => {
    const { handler, calls } = targets();
    handler('pause');
    handler('resume');
    assert.deepEqual(calls, ['setPaused(true)', 'setPaused(false)']);
  });

  it('start at login flips the saved setting', () => {
    for (const current of [false, true]) {
      const { handler, calls } = targets(current);
      handler('toggle-start-at-login');
      assert.deepEqual(calls, [`updateSettings({"app":{"startAtLogin":${!current}}})`]);
    }
  });

  it('open shows the window and quit quits', () => {
    const { handler, calls } = targets();
    handler('open-window');
    handler('quit');
    assert.deepEqual(calls, ['showWindow', 'quit']);
  });
});
