import path from 'node:path';

/**
 * The path rules of one operating system. Injected everywhere paths are judged, so the
 * Windows and macOS rules are exercised by tests on any machine.
 */
export interface PathPlatform {
  readonly name: 'linux' | 'darwin' | 'win32';
  readonly path: path.PlatformPath;
  /** Whether two names that differ only in case or Unicode form name the same file. */
  readonly caseInsensitive: boolean;
  /** Whether Windows path syntax (drives, UNC, devices, streams) applies. */
  readonly windowsSyntax: boolean;
}

export const linuxPlatform: PathPlatform = {
  name: 'linux',
  path: path.posix,
  caseInsensitive: false,
  windowsSyntax: false,
};

// APFS and HFS+ are case-insensitive by default and treat NFC and NFD as the same name.
export const darwinPlatform: PathPlatform = {
  name: 'darwin',
  path: path.posix,
  caseInsensitive: true,
  windowsSyntax: false,
};

export const win32Platform: PathPlatform = {
  name: 'win32',
  path: path.win32,
  caseInsensitive: true,
  windowsSyntax: true,
};

export function currentPlatform(): PathPlatform {
  if (process.platform === 'win32') return win32Platform;
  if (process.platform === 'darwin') return darwinPlatform;
  return linuxPlatform;
}

/** The form of a path used only for comparing, never for opening. */
export function comparisonKey(platform: PathPlatform, value: string): string {
  if (!platform.caseInsensitive) return value;
  return value.normalize('NFC').toLowerCase();
}
