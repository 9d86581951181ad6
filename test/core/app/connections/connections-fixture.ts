// A fixture home (Linux layout) with some apps installed, Airlock's pieces as files in the
// sandbox, a desktop that records what main asked of it, and the IPC handlers of a real
// app on top: what the Connections page's tests run against. Never the real home.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AirlockPieces } from '../../../../main/core/app/connections/connections-endpoints.ts';
import { ClientWatch } from '../../../../main/core/app/connections/connections-watch.ts';
import type { IpcHandlers } from '../../../../main/core/app/ipc/ipc-handlers.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import { clientEnvironmentOf } from '../../../../main/core/connect/client-environment.ts';
import type { KeychainKeyStore } from '../../../../main/core/keys/keychain-key-store.ts';
import type { Envelope, RequestOf, ResponseOf } from '../../../../preload/ipc-contract.ts';
import { recordedDesktop } from '../../../../scripts/ui-harness/recorded-desktop.ts';
import { freePort } from '../../../helpers/free-port.ts';
import type { AppSandbox } from '../app-fixture.ts';
import { startHandlers } from '../handlers-fixture.ts';

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

export interface ConnectionsFixture {
  readonly app: AirlockApp;
  readonly handlers: IpcHandlers;
  readonly desktop: ReturnType<typeof recordedDesktop>;
  /** The watch the watchClients channel starts; a test that starts it stops it. */
  readonly watch: ClientWatch;
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
  /** Connects an app through the handlers, as the window's Connect does. */
  connect(
    client: Connect['client'],
    workspaces: Connect['workspaces'],
    access: Connect['access'],
  ): Promise<Envelope<ResponseOf<'connectClient'>>>;
}

type Connect = RequestOf<'connectClient'>;

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

  // Connecting needs a fixed port for the HTTP setting.
  const port = await freePort();
  const keyStore = options.keyStore ?? sandbox.keyStore;
  // Links opened, files shown, text copied: recorded, as the UI harness records them.
  const desktop = recordedDesktop();
  // Settles fast, so tests of the watch wait little.
  const watch = new ClientWatch({ settleMs: 20 });
  const { app, handlers } = await startHandlers(sandbox, {
    config: {
      http: { port },
      workspaces: [
        { path: sandbox.folderA, access: 'write' },
        { path: sandbox.folderB, access: 'read' },
      ],
    },
    appOptions: { keyStore },
    dependencies: {
      connections: {
        environment: clientEnvironmentOf('linux', home, {}),
        pieces,
        keyStore,
        watch,
      },
      desktop,
    },
  });
  return {
    app,
    handlers,
    desktop,
    watch,
    home,
    pieces,
    port,
    files,
    connect: (client, workspaces, access) => handlers.connectClient({ client, workspaces, access }),
  };
}
