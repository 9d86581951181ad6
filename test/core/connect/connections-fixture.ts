// A fixture home (Linux layout) with some apps installed, Airlock's pieces as files in the
// sandbox, a desktop that records what main asked of it, and the IPC handlers of a real
// app on top: what the Connections page's tests run against. Never the real home.
import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { AppStatus } from '../../../main/core/app/app-status.ts';
import type { AirlockPieces } from '../../../main/core/app/connections-endpoints.ts';
import { createIpcHandlers, type IpcHandlers } from '../../../main/core/app/ipc-handlers.ts';
import type { AirlockApp } from '../../../main/core/app/start-airlock-app.ts';
import { clientEnvironmentOf } from '../../../main/core/connect/client-environment.ts';
import type { KeychainKeyStore } from '../../../main/core/keys/keychain-key-store.ts';
import type { Envelope } from '../../../preload/ipc-contract.ts';
import { recordedDesktop } from '../../../scripts/ui-harness/recorded-desktop.ts';
import { writeConfig } from '../settings/settings-fixture.ts';
import { eventually, type AppSandbox } from '../app/app-fixture.ts';

/** Cursor's file before Airlock: another server, a comment and a trailing comma. */
export const CURSOR_BEFORE = `{
  // my servers
  "mcpServers": {
    "notes": { "command": "/usr/bin/notes-server", "args": ["--quiet"] },
  },
  "theme": "dark"
}
`;

/** VS Code's user mcp.json before Airlock: a server and an input of its own. */
export const VSCODE_BEFORE = `{
  "servers": {
    "github": { "type": "http", "url": "https://example.invalid/mcp" }
  },
  "inputs": [{ "id": "gh-token", "type": "promptString", "password": true }]
}
`;

/** A port nothing listens on now, for the HTTP setting (connecting needs a fixed port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ConnectionsFixture {
  readonly app: AirlockApp;
  readonly handlers: IpcHandlers;
  readonly desktop: ReturnType<typeof recordedDesktop>;
  readonly home: string;
  readonly pieces: AirlockPieces & { bridgeFile: string; extensionFile: string };
  readonly port: number;
  /** Paths in the fixture home. */
  readonly files: {
    readonly cursor: string;
    readonly vscode: string;
    readonly claudeDesktop: string;
    readonly windsurf: string;
  };
}

/**
 * Shares folderA (read and change) and folderB (read only), installs Cursor, VS Code and
 * Claude Desktop in the fixture home (not Windsurf or Claude Code), and starts the app.
 */
export async function startConnectionsFixture(
  sandbox: AppSandbox,
  options: { keyStore?: KeychainKeyStore; node?: string | undefined } = {},
): Promise<ConnectionsFixture> {
  const home = path.join(sandbox.root, 'home');
  const config = path.join(home, '.config');
  const files = {
    cursor: path.join(home, '.cursor', 'mcp.json'),
    vscode: path.join(config, 'Code', 'User', 'mcp.json'),
    claudeDesktop: path.join(config, 'Claude', 'claude_desktop_config.json'),
    windsurf: path.join(home, '.codeium', 'windsurf', 'mcp_config.json'),
  };
  await mkdir(path.dirname(files.cursor), { recursive: true });
  await mkdir(path.dirname(files.vscode), { recursive: true });
  await mkdir(path.dirname(files.claudeDesktop), { recursive: true });
  await writeFile(files.cursor, CURSOR_BEFORE);
  await writeFile(files.vscode, VSCODE_BEFORE);

  const dist = path.join(sandbox.root, 'dist');
  const pieces = {
    bridgeFile: path.join(dist, 'bridge', 'airlock-bridge.js'),
    extensionFile: path.join(dist, 'airlock.mcpb'),
    nodeExecutable: async () => ('node' in options ? options.node : process.execPath),
  };
  await mkdir(path.dirname(pieces.bridgeFile), { recursive: true });
  await writeFile(pieces.bridgeFile, '// the bridge\n');
  await chmod(pieces.bridgeFile, 0o755);
  await writeFile(pieces.extensionFile, 'PK');

  const port = await freePort();
  await mkdir(sandbox.dataDir, { recursive: true, mode: 0o700 });
  await writeConfig(sandbox.dataDir, {
    http: { port },
    workspaces: [
      { path: sandbox.folderA, access: 'write' },
      { path: sandbox.folderB, access: 'read' },
    ],
  });
  const keyStore = options.keyStore ?? sandbox.keyStore;
  const app = await sandbox.start({ keyStore });
  // Links opened, files shown, text copied: recorded, as the UI harness records them.
  const desktop = recordedDesktop();
  const handlers = createIpcHandlers({
    app,
    pickFolder: async () => undefined,
    pickSaveFile: async () => undefined,
    log: sandbox.log,
    connections: {
      environment: clientEnvironmentOf('linux', home, {}),
      pieces,
      keyStore,
    },
    desktop,
  });
  return { app, handlers, desktop, home, pieces, port, files };
}

export function data<T>(envelope: Envelope<T>): T {
  assert.ok(envelope.ok, `expected success, got ${JSON.stringify(envelope)}`);
  return envelope.data;
}

export function refusal(envelope: Envelope<unknown>): { code: string; message: string } {
  assert.equal(envelope.ok, false, `expected a refusal, got ${JSON.stringify(envelope)}`);
  return envelope.ok ? { code: '', message: '' } : envelope.error;
}

/** The app's HTTP address, once a key exists and it listens. */
export async function httpAddress(app: AirlockApp): Promise<string> {
  const http = (status: AppStatus) =>
    status.transports.find((transport) => transport.transport === 'http');
  await eventually(() => http(app.status())?.state === 'listening', 'HTTP listens', 10_000);
  return http(app.status())?.address ?? '';
}
