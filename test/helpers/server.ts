// Starts the built CLI (`airlock serve --stdio`) and connects the SDK v2 client to it.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileAccessKind } from '../../main/core/platform/file-access.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI under test; AIRLOCK_TEST_CLI points the suite at another build. */
export const CLI_PATH = path.resolve(
  REPO_ROOT,
  process.env.AIRLOCK_TEST_CLI ?? 'dist/cli/airlock.js',
);

export interface ServerOptions {
  readonly workspaces: readonly string[];
  readonly dataDir: string;
  readonly home: string;
  readonly allowWrite?: boolean;
  /** How the server runs its file operations; the CLI's default for stdio when absent. */
  readonly fileAccess?: FileAccessKind;
  /** More arguments after the usual ones, such as `--audit-log FILE`. */
  readonly extraArgs?: readonly string[];
  /** More environment variables for the server, such as XDG_CONFIG_HOME. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The argument list after `node`, as `airlock connect` writes it into a client's config. */
export function serveArgs(options: ServerOptions): string[] {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} does not exist: run \`npm run build\` first`);
  }
  return [
    CLI_PATH,
    'serve',
    '--stdio',
    ...options.workspaces.flatMap((ws) => ['--workspace', ws]),
    ...(options.allowWrite ? ['--allow-write'] : []),
    '--data-dir',
    options.dataDir,
    ...(options.extraArgs ?? []),
  ];
}

/**
 * A small, explicit environment: nothing from the developer's shell leaks in. No keychain
 * either: without the bus address a server looks for the user's session bus itself (see
 * session-bus.ts), and would reach a developer's own keyring.
 */
export function serverEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AIRLOCK_KEYCHAIN_SERVICE: 'airlock-test',
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
  };
}

export interface RunningServer {
  readonly client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Transport-level errors seen by the client (e.g. non-JSON on stdout). */
  readonly transportErrors: Error[];
  /** The server's process id, while it runs. */
  readonly pid: number | null;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: serveArgs(options),
    env: {
      ...serverEnv(options.home),
      ...(options.fileAccess ? { AIRLOCK_FILE_ACCESS: options.fileAccess } : {}),
      ...options.env,
    },
    // Outside every workspace, so a server that wrongly resolves against its cwd is caught.
    cwd: options.home,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 1_000_000) stderr += chunk.toString('utf8');
  });
  const transportErrors: Error[] = [];
  const client = new Client({ name: 'airlock-test-v2', version: '0.0.0' });
  client.onerror = (error: Error) => transportErrors.push(error);
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`server failed to start: ${String(error)}\nstderr:\n${stderr}`, {
      cause: error,
    });
  }
  return {
    client,
    stderr: () => stderr,
    transportErrors,
    get pid() {
      return transport.pid;
    },
    close: () => client.close(),
  };
}
