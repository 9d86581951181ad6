import type path from 'node:path';
import { readdir } from 'node:fs/promises';
import { pathsOf, type ClientEnvironment } from '../client-environment.ts';
import {
  ENTRY_NAME,
  isDirectory,
  removeServer,
  type ClientLocation,
  type McpClient,
} from './mcp-client.ts';

const FILE = 'claude_desktop_config.json';

/** Claude Desktop runs local servers over stdio only: it starts the bridge. */
export const claudeDesktop: McpClient = {
  id: 'claude-desktop',
  name: 'Claude Desktop',
  transport: 'stdio',
  keyInFile: false,
  locate: locateClaudeDesktop,
  addEdits: (endpoints) => [
    {
      kind: 'member',
      container: 'mcpServers',
      name: ENTRY_NAME,
      value: { command: endpoints.stdio.command, args: [...endpoints.stdio.args] },
    },
  ],
  removeEdits: () => [removeServer('mcpServers')],
  restart:
    'Quit Claude Desktop completely (from its menu bar or tray icon, not just the window) and open it again.',
};

async function locateClaudeDesktop(environment: ClientEnvironment): Promise<ClientLocation> {
  const paths = pathsOf(environment);
  const classic = paths.join(environment.appData, 'Claude');
  if (environment.platform === 'win32') {
    // The Microsoft Store (MSIX) build sees a virtualised copy of %APPDATA% inside its package.
    const packages = paths.join(environment.localAppData, 'Packages');
    const packaged = await msixConfigDir(packages, paths);
    if (packaged !== undefined) return { configFile: paths.join(packaged, FILE), detected: true };
  }
  return { configFile: paths.join(classic, FILE), detected: await isDirectory(classic) };
}

/**
 * `%LOCALAPPDATA%\\Packages\\Claude_<publisher id>\\LocalCache\\Roaming\\Claude`, found by
 * listing the packages, not guessed: the suffix is the publisher's id.
 */
export async function msixConfigDir(
  packages: string,
  paths: path.PlatformPath,
): Promise<string | undefined> {
  const names = await readdir(packages).catch(() => [] as string[]);
  const matches = names.filter((name) => name.startsWith('Claude_')).sort();
  for (const name of matches) {
    if (await isDirectory(paths.join(packages, name))) {
      return paths.join(packages, name, 'LocalCache', 'Roaming', 'Claude');
    }
  }
  return undefined;
}
