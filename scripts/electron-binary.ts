// Finds Electron's program the way the `electron` package does (node_modules/electron/
// index.js), without its fallback: when the program is missing, that file downloads it and,
// if the download fails, throws advice ("delete node_modules/electron") that fails again.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ElectronBinary {
  /** Where the program should be; undefined when the package never recorded it (no path.txt). */
  readonly path: string | undefined;
  readonly found: boolean;
}

/** The folder of the installed `electron` package, or undefined when it is not installed. */
export function electronPackageDir(from: string = import.meta.url): string | undefined {
  try {
    return path.dirname(createRequire(from).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * Where Electron's program is, as index.js computes it: `path.txt` names it inside `dist/`,
 * or inside ELECTRON_OVERRIDE_DIST_PATH when that is set.
 */
export function electronBinary(
  packageDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ElectronBinary {
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : undefined;
  let binary: string | undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH)
    binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
  else if (executable) binary = path.join(packageDir, 'dist', executable);
  return { path: binary, found: binary !== undefined && existsSync(binary) };
}

/**
 * Runs the package's own installer once, as index.js would, with its output kept back: on
 * failure it prints a stack trace. Returns the first line it wrote, as the reason it failed;
 * undefined when it succeeded.
 */
export function downloadElectron(packageDir: string): string | undefined {
  process.stderr.write("Downloading Electron's program…\n");
  const result = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status === 0) return undefined;
  const said = (result.stderr ?? '').split('\n').find((line) => line.trim() !== '');
  return said?.trim() ?? result.error?.message ?? `its installer exited with ${result.status}`;
}

/**
 * The one paragraph `npm start` prints instead of Electron's advice: `what` failed (the end
 * of a sentence), and the headless server does not need Electron.
 */
export function electronFailureMessage(what: string): string {
  return (
    `npm start: Airlock's window cannot open: ${what}. ` +
    'Airlock itself does not need Electron: the headless server runs under plain Node.js, ' +
    'for example "npx airlock serve --stdio --workspace DIR" (see "The headless command line" in README.md). ' +
    'To open the window, run npm start on a machine that can reach Electron’s download host.\n'
  );
}
