// Runs the built `airlock connect` in its own process with a small, explicit environment
// (a fixture HOME, a test-only keychain service), the way a person runs it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { CLI_PATH } from '../helpers/server.ts';

export interface ConnectRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runConnect(
  args: readonly string[],
  options: { home: string; env?: Record<string, string> },
): Promise<ConnectRun> {
  if (!existsSync(CLI_PATH))
    throw new Error(`${CLI_PATH} does not exist: run \`npm run build\` first`);
  const child = spawn(process.execPath, [CLI_PATH, 'connect', ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.home,
      AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-connect',
      ...options.env,
    },
    cwd: options.home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
