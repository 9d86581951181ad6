// The two servers of the token benchmark, both able to write, as a person who lets an agent
// edit would run them: the official server always offers its write tools, Airlock only
// with --allow-write.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerSpec } from '../servers.ts';

const require = createRequire(import.meta.url);

export const DEFAULT_AIRLOCK_CLI = fileURLToPath(
  new URL('../../dist/cli/airlock.js', import.meta.url),
);

export function officialTokenServer(workspace: string): ServerSpec {
  const packageDir = dirname(
    require.resolve('@modelcontextprotocol/server-filesystem/package.json'),
  );
  return {
    label: 'official',
    command: process.execPath,
    args: [join(packageDir, 'dist', 'index.js'), workspace],
    env: {},
  };
}

export function airlockTokenServer(cli: string, workspace: string, dataDir: string): ServerSpec {
  return {
    label: 'airlock',
    command: process.execPath,
    args: [
      cli,
      'serve',
      '--stdio',
      '--workspace',
      workspace,
      '--allow-write',
      '--data-dir',
      dataDir,
    ],
    env: {
      AIRLOCK_DATA_DIR: dataDir,
      // Never touch a real install's keychain entries, nor any keychain (see bench/servers.ts).
      AIRLOCK_KEYCHAIN_SERVICE: 'AirlockBench',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    },
  };
}
