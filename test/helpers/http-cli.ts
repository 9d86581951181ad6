// Starts the built CLI as `airlock serve --http` in its own process and waits for the one
// line it prints once listening: `airlock: listening on http://127.0.0.1:PORT/mcp`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
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
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test-http',
    ...(process.env.DBUS_SESSION_BUS_ADDRESS
      ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
      : {}),
    ...(key === undefined ? {} : { MCP_API_KEY: key }),
  };
}

/** Starts the server; rejects with its stderr when it exits or stays silent instead. */
export async function startHttpCli(options: HttpCliOptions, timeoutMs = 15_000): Promise<HttpCli> {
  const child = spawn(process.execPath, httpCliArgs(options), {
    env: httpCliEnv(options.home, options.key),
    cwd: options.home,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = once(child, 'exit');
  const listening = new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no listening line within ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 1_000_000) stderr += chunk.toString('utf8');
      const match = LISTENING_LINE.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${String(code)}) before listening:\n${stderr}`));
    });
  });
  let match: RegExpExecArray;
  try {
    match = await listening;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    url: match[1] ?? '',
    port: Number(match[3]),
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Runs the CLI to its end (for commands that must refuse to start); kills it at `timeoutMs`. */
export async function runHttpCliToExit(
  options: HttpCliOptions,
  timeoutMs = 5_000,
): Promise<{ code: number | null; stderr: string; killed: boolean }> {
  const child = spawn(process.execPath, httpCliArgs(options), {
    env: httpCliEnv(options.home, options.key),
    cwd: options.home,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr, killed };
}
