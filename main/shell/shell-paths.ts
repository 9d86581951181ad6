import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { outsideAsar } from '../core/connect/bridge-launch.ts';

export interface ShellPaths {
  /** dist/renderer: the built UI the app scheme serves. */
  readonly renderer: string;
  /** dist/preload/preload.cjs */
  readonly preload: string;
  /**
   * The search worker the CLI bundle ships; the app reuses it. Outside app.asar (asarUnpack
   * in electron-builder.yml): a worker thread is started from a real file.
   */
  readonly searchWorker: URL;
  /** dist/tray/: the tray icons the build copies from build/tray/. */
  readonly trayIcon: string;
  /** dist/bridge/airlock-bridge.js, outside app.asar: stdio apps run it with their own Node. */
  readonly bridge: string;
  /** dist/airlock.mcpb, outside app.asar: Claude Desktop opens it to install the extension. */
  readonly extension: string;
}

/** Where the built pieces are, from the URL of the bundled main (dist/shell/main.js). */
export function shellPaths(mainModuleUrl: string, platform: NodeJS.Platform): ShellPaths {
  const dist = path.dirname(path.dirname(fileURLToPath(mainModuleUrl)));
  // A "Template" image is drawn by macOS in the menu bar's own colour, light or dark.
  const icon = platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  return {
    renderer: path.join(dist, 'renderer'),
    preload: path.join(dist, 'preload', 'preload.cjs'),
    searchWorker: pathToFileURL(outsideAsar(path.join(dist, 'cli', 'search-content-worker.js'))),
    trayIcon: path.join(dist, 'tray', icon),
    bridge: outsideAsar(path.join(dist, 'bridge', 'airlock-bridge.js')),
    extension: outsideAsar(path.join(dist, 'airlock.mcpb')),
  };
}
