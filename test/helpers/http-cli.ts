// Starts the built CLI as `airlock serve --http` in its own process and waits for the one
// line it prints once listening: `airlock: listening on http://127.0.0.1:PORT/mcp`.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliTestEnv, runCliToExit, startCli, type CliLaunch } from './cli-process.ts';
import { CLI_PATH } from './server.ts';

export const LISTENING_LINE =
  /^airlock: listening on (http:\/\/(127\.0\.0\.1|\[::1\]):(\d+)\/mcp)$/m;

export interface HttpCliOptions {
  readonly workspaces: readonly string[];
  readonly dataDir: string;
  readonly home: string;
  /** Given to the server as MCP_API_KEY; none at all when undefined. */
  readonly key: string | undefined;
  readonly allowWrite?: boolean;
  readonly host?: string;
  /** Further arguments after `serve --http` (e.g. --audit-log FILE). */
  readonly extraArgs?: readonly string[];
  readonly cli?: string;
}

export interface HttpCli {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  stderr(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

export function httpCliArgs(options: HttpCliOptions): string[] {
  const cli = options.cli ?? CLI_PATH;
  if (!existsSync(cli)) throw new Error(`${cli} does not exist: run \`npm run build\` first`);
  return [
    cli,
    'serve',
    '--http',
    '--port',
    '0',
    ...(options.host ? ['--host', options.host] : []),
    ...options.workspaces.flatMap((ws) => ['--workspace', ws]),
    ...(options.allowWrite ? ['--allow-write'] : []),
    '--data-dir',
    options.dataDir,
    ...(options.extraArgs ?? []),
  ];
}

/** A small, explicit environment; the keychain service is a test-only one. */
export function httpCliEnv(home: string, key: string | undefined): Record<string, string> {
  return cliTestEnv(home, 'airlock-test-http', key === undefined ? {} : { MCP_API_KEY: key });
}

function launchOf(options: HttpCliOptions): CliLaunch {
  return {
    args: httpCliArgs(options),
    env: httpCliEnv(options.home, options.key),
    cwd: options.home,
  };
}

/** Starts the server; rejects with its stderr when it exits or stays silent instead. */
export async function startHttpCli(options: HttpCliOptions, timeoutMs = 15_000): Promise<HttpCli> {
  const running = await startCli(launchOf(options), LISTENING_LINE, timeoutMs);
  return {
    child: running.child,
    url: running.ready[1] ?? '',
    port: Number(running.ready[3]),
    stderr: running.stderr,
    stop: running.stop,
  };
}

/** Runs the CLI to its end (for commands that must refuse to start); kills it at `timeoutMs`. */
export function runHttpCliToExit(
  options: HttpCliOptions,
  timeoutMs = 5_000,
): Promise<{ code: number | null; stderr: string; killed: boolean }> {
  return runCliToExit(launchOf(options), timeoutMs);
}
