// The Electron entry point (bundled to dist/shell/main.js). The only file that takes
// values from `electron`; everything it hands them to is tested with fakes.
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  protocol,
  session,
  shell,
  Tray,
} from 'electron';
import { startShell } from './start-shell.ts';

startShell({
  electron: {
    app,
    BrowserWindow,
    Tray,
    Menu,
    nativeImage,
    nativeTheme,
    Notification,
    protocol,
    session,
    ipcMain,
    dialog,
    shell,
    clipboard,
  },
  mainModuleUrl: import.meta.url,
  platform: process.platform,
  argv: process.argv,
  env: process.env,
  execPath: process.execPath,
});
