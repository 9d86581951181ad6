// "Start at login": login items on macOS and Windows, an XDG autostart entry on Linux,
// and a login launch starts in the tray without the window.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { linuxAutostartFile, quoteExecArgument } from '../../main/core/app/linux-autostart.ts';
import {
  applyStartAtLogin,
  launchedAtLogin,
  type LoginItemTarget,
} from '../../main/shell/login-item.ts';
import { FakeApp } from './fake-electron.ts';

let config: string;
before(async () => {
  config = await mkdtemp(path.join(tmpdir(), 'airlock-autostart-'));
});
after(async () => rm(config, { recursive: true, force: true }));

function target(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}) {
  const app = new FakeApp();
  const login: LoginItemTarget = {
    app: app as never,
    platform,
    env: { XDG_CONFIG_HOME: config, ...env },
    executable: '/opt/Airlock/airlock',
  };
  return { app, login };
}

describe('start at login', () => {
  for (const platform of ['darwin', 'win32'] as const) {
    it(`sets the login item on ${platform}, with the argument that starts hidden`, async () => {
      const { app, login } = target(platform);
      await applyStartAtLogin(login, true);
      await applyStartAtLogin(login, false);
      assert.deepEqual(app.loginItems, [
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ]);
    });
  }

  it('writes an XDG autostart entry on Linux, and removes it when turned off', async () => {
    const { app, login } = target('linux');
    const file = linuxAutostartFile(login.env);
    assert.equal(file, path.join(config, 'autostart', 'airlock.desktop'));
    await applyStartAtLogin(login, true);
    const entry = await readFile(file, 'utf8');
    assert.match(entry, /^\[Desktop Entry\]\n/);
    assert.match(entry, /\nExec=\/opt\/Airlock\/airlock --hidden\n/);
    assert.deepEqual(app.loginItems, [], 'Electron has no login items on Linux');
    await applyStartAtLogin(login, false);
    await assert.rejects(stat(file), { code: 'ENOENT' });
  });

  it('starts the AppImage itself, not its temporary mount, on Linux', async () => {
    const { login } = target('linux', { APPIMAGE: '/home/me/Apps/Airlock 1.0.AppImage' });
    await applyStartAtLogin(login, true);
    assert.match(
      await readFile(linuxAutostartFile(login.env), 'utf8'),
      /\nExec="\/home\/me\/Apps\/Airlock 1\.0\.AppImage" --hidden\n/,
    );
  });

  it('quotes an Exec argument by the desktop entry rules', () => {
    assert.equal(quoteExecArgument('/usr/bin/airlock'), '/usr/bin/airlock');
    assert.equal(quoteExecArgument('/a b/$x"`\\'), '"/a b/\\$x\\"\\`\\\\"');
    assert.equal(quoteExecArgument('100%'), '"100%%"');
  });

  it('knows a login launch by its argument, or by macOS saying so', () => {
    const { app, login } = target('darwin');
    assert.equal(launchedAtLogin(login, ['Airlock', '--hidden']), true);
    assert.equal(launchedAtLogin(login, ['Airlock']), false);
    app.wasOpenedAtLogin = true;
    assert.equal(launchedAtLogin(login, ['Airlock']), true);
    assert.equal(launchedAtLogin(target('linux').login, ['airlock']), false);
  });
});
