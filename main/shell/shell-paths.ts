import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ShellPaths {
  /** dist/renderer: the built UI the app scheme serves. */
  readonly renderer: string;
  /** dist/preload/preload.cjs */
  readonly preload: string;
  /** The search worker the CLI bundle ships; the app reuses it. */
  readonly searchWorker: URL;
  /** dist/tray/: the tray icons the build copies from build/tray/. */
  readonly trayIcon: string;
}

/** Where the built pieces are, from the URL of the bundled main (dist/shell/main.js). */
export function shellPaths(mainModuleUrl: string, platform: NodeJS.Platform): ShellPaths {
  const dist = path.dirname(path.dirname(fileURLToPath(mainModuleUrl)));
  // A "Template" image is drawn by macOS in the menu bar's own colour, light or dark.
  const icon = platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  return {
    renderer: path.join(dist, 'renderer'),
    preload: path.join(dist, 'preload', 'preload.cjs'),
    searchWorker: pathToFileURL(path.join(dist, 'cli', 'search-content-worker.js')),
    trayIcon: path.join(dist, 'tray', icon),
  };
}
