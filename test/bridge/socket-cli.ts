// `airlock serve --socket` in its own process, and the bridge in front of it: the SDK v2
// client spawns `node airlock-bridge.js` over stdio, the way Claude Desktop runs it.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cliTestEnv, runCliToExit, startCli, type CliLaunch } from '../helpers/cli-process.ts';
import { CLI_PATH, REPO_ROOT } from '../helpers/server.ts';

export const BRIDGE_PATH = path.join(REPO_ROOT, 'dist', 'bridge', 'airlock-bridge.js');
export const MCPB_PATH = path.join(REPO_ROOT, 'dist', 'airlock.mcpb');

const LISTENING = /^airlock: listening on (.+)$/m;

/** A small, explicit environment; the keychain service is a test-only one. */
export function testEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return cliTestEnv(home, 'airlock-test-socket', extra);
}

export function socketServeArgs(workspace: string, dataDir?: string): string[] {
  if (!existsSync(CLI_PATH))
    throw new Error(`${CLI_PATH} does not exist: run \`npm run build\` first`);
  return [
    CLI_PATH,
    'serve',
    '--socket',
    '--workspace',
    workspace,
    ...(dataDir === undefined ? [] : ['--data-dir', dataDir]),
  ];
}

export interface SocketCli {
  readonly child: ChildProcess;
  readonly endpoint: string;
  stderr(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

type SocketCliOptions = { workspace: string; dataDir: string; home: string };

function launchOf(options: SocketCliOptions): CliLaunch {
  return {
    args: socketServeArgs(options.workspace, options.dataDir),
    env: testEnv(options.home),
    cwd: options.home,
  };
}

/** Starts `airlock serve --socket`; resolves once it prints its listening line. */
export async function startSocketCli(
  options: SocketCliOptions,
  timeoutMs = 15_000,
): Promise<SocketCli> {
  const running = await startCli(launchOf(options), LISTENING, timeoutMs);
  return {
    child: running.child,
    endpoint: running.ready[1] ?? '',
    stderr: running.stderr,
    stop: running.stop,
  };
}

/** Runs `airlock serve --socket` to its end, for starts that must be refused. */
export async function runSocketCliToExit(
  options: SocketCliOptions,
  timeoutMs = 10_000,
): Promise<{ code: number | null; stderr: string }> {
  const { code, stderr } = await runCliToExit(launchOf(options), timeoutMs);
  return { code, stderr };
}

export interface BridgedClient {
  readonly client: Client;
  /** What the bridge wrote to stderr. */
  stderr(): string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  readonly home: string;
  /** The bridge file to run; the built one by default. */
  readonly bridge?: string;
  /** Arguments after the bridge file. */
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}

/** The SDK v2 client with the bridge as its stdio server. Rejects when initialize fails. */
export async function connectThroughBridge(options: BridgeOptions): Promise<BridgedClient> {
  const bridge = options.bridge ?? BRIDGE_PATH;
  if (!existsSync(bridge)) throw new Error(`${bridge} does not exist: run \`npm run build\` first`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bridge, ...options.args],
    env: testEnv(options.home, options.env),
    cwd: options.home,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'airlock-bridge-test', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => undefined);
    const wrapped = new Error(`${(error as Error).message}\nbridge stderr:\n${stderr}`, {
      cause: error,
    });
    throw wrapped;
  }
  return { client, stderr: () => stderr, close: () => client.close() };
}
