import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface LinuxAutostartOptions {
  readonly executable: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly home?: string;
}

/** `$XDG_CONFIG_HOME/autostart/airlock.desktop`, which desktop sessions start at login. */
export function linuxAutostartFile(env: NodeJS.ProcessEnv, home: string = os.homedir()): string {
  const config = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(config, 'autostart', 'airlock.desktop');
}

/** Writes or removes the autostart entry (Electron's login items do not exist on Linux). */
export async function setLinuxAutostart(
  enabled: boolean,
  options: LinuxAutostartOptions,
): Promise<void> {
  const file = linuxAutostartFile(options.env, options.home);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const command = [options.executable, ...options.args].map(quoteExecArgument).join(' ');
  const entry = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Airlock',
    'Comment=Let an AI agent work in the folders you choose, and nothing else',
    `Exec=${command}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  await writeFile(file, entry, { mode: 0o644 });
}

/**
 * One argument of a desktop entry's Exec key: quoted when it holds anything but plain
 * characters, with ", `, $ and \ escaped inside the quotes (Desktop Entry Specification).
 * `%` starts a field code there, so it is doubled.
 */
export function quoteExecArgument(argument: string): string {
  const escapedPercent = argument.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_./:@+=,-]+$/.test(escapedPercent)) return escapedPercent;
  return `"${escapedPercent.replace(/(["`$\\])/g, '\\$1')}"`;
}
