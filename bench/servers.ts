// The two servers under test, as command lines for the same stdio client.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixtures } from './fixtures.ts';

export interface ServerSpec {
  /** Short label printed in the report. */
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

const require = createRequire(import.meta.url);

function officialPackageDir(): string {
  return dirname(require.resolve('@modelcontextprotocol/server-filesystem/package.json'));
}

export function officialVersion(): string {
  const pkg = JSON.parse(readFileSync(join(officialPackageDir(), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/** The official reference server: allowed directories are positional arguments. */
export function officialServer(
  fixtures: Pick<Fixtures, 'workspace'>,
  label = 'official',
): ServerSpec {
  return {
    label,
    command: process.execPath,
    args: [join(officialPackageDir(), 'dist', 'index.js'), fixtures.workspace],
    env: {},
  };
}

/**
 * The bare v2 SDK server of `baseline/sdk-floor-server.ts`: what a listing costs on this SDK
 * before any of Airlock's checks. It is given no folder; it lists whatever path it is asked.
 */
export function sdkFloorServer(): ServerSpec {
  return {
    label: 'sdk floor',
    command: process.execPath,
    args: [fileURLToPath(new URL('./baseline/sdk-floor-server.ts', import.meta.url))],
    env: {},
  };
}

/** How a bench runs Airlock beyond its folder and data dir. */
export interface AirlockServerOptions {
  /** How its file operations run; as the stdio server chooses by default. */
  readonly fileAccess?: 'pooled' | 'inline';
  /** Offer the tools that change files, as the official server always does. */
  readonly allowWrite?: boolean;
}

/**
 * Airlock headless, read-only unless `allowWrite`, with its state in the fixture's data
 * directory.
 */
export function airlockServer(
  cli: string,
  fixtures: Pick<Fixtures, 'workspace' | 'dataDir'>,
  { fileAccess, allowWrite = false }: AirlockServerOptions = {},
): ServerSpec {
  return {
    label: 'airlock',
    command: process.execPath,
    args: [
      cli,
      'serve',
      '--stdio',
      '--workspace',
      fixtures.workspace,
      ...(allowWrite ? ['--allow-write'] : []),
      '--data-dir',
      fixtures.dataDir,
    ],
    env: {
      AIRLOCK_DATA_DIR: fixtures.dataDir,
      // Never touch a real install's keychain entries.
      AIRLOCK_KEYCHAIN_SERVICE: 'AirlockBench',
      // Nor any keychain: a server would otherwise find the session bus itself (see
      // session-bus.ts), and the figures here have always been of an unkeyed log.
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      ...(fileAccess ? { AIRLOCK_FILE_ACCESS: fileAccess } : {}),
    },
  };
}
