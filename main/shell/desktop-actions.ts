import type { Clipboard, Shell } from 'electron';
import { ClientWatch } from '../core/app/connections/connections-watch.ts';
import type { DesktopActions, ConnectionsSetup } from '../core/app/ipc/connections-ipc.ts';
import { findNodeExecutable } from '../core/connect/bridge-launch.ts';
import { clientEnvironmentOf } from '../core/connect/client-environment.ts';
import { openKeyStore } from '../core/keys/open-key-store.ts';
import type { ShellPaths } from './shell-paths.ts';

/** What main does on the desktop for the window: Electron's shell and clipboard. */
export function desktopActions(electron: {
  readonly shell: Pick<Shell, 'openExternal' | 'openPath' | 'showItemInFolder'>;
  readonly clipboard: Pick<Clipboard, 'writeText'>;
}): DesktopActions {
  return {
    openExternal: (url) => electron.shell.openExternal(url),
    openPath: async (file) => {
      // Electron resolves with the reason it could not, or '' when it did.
      const problem = await electron.shell.openPath(file);
      if (problem) throw new Error(problem);
    },
    showItemInFolder: (file) => electron.shell.showItemInFolder(file),
    writeClipboard: (text) => electron.clipboard.writeText(text),
  };
}

/** The Connections page on this computer: the person's real home and the app's own pieces. */
export function connectionsSetup(options: {
  readonly paths: Pick<ShellPaths, 'bridge' | 'extension'>;
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly dataDir: string;
}): ConnectionsSetup {
  const { platform, env } = options;
  return {
    environment: clientEnvironmentOf(platform, options.home, env),
    pieces: {
      bridgeFile: options.paths.bridge,
      nodeExecutable: () => findNodeExecutable(platform, env),
      extensionFile: options.paths.extension,
    },
    // The same keychain and key list the app's own store uses.
    keyStore: openKeyStore(options.dataDir, env),
    watch: new ClientWatch(),
  };
}
