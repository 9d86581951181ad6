import { pathsOf, type ClientEnvironment } from '../client-environment.ts';
import { ENTRY_NAME, locateIn, removeServer, type McpClient } from './mcp-client.ts';

/** VS Code asks for this input once and keeps the answer in its secret storage. */
export const VSCODE_KEY_INPUT = 'airlock-key';

/**
 * VS Code's user mcp.json: servers under top-level `servers`, and the key as a password
 * input, so it never sits in the file.
 */
export const vscode: McpClient = {
  id: 'vscode',
  name: 'VS Code',
  transport: 'http',
  keyInFile: false,
  locate: (environment) => {
    const dir = userDir(environment);
    return locateIn(dir, pathsOf(environment).join(dir, 'mcp.json'));
  },
  addEdits: (endpoints) => [
    {
      kind: 'member',
      container: 'servers',
      name: ENTRY_NAME,
      value: {
        type: 'http',
        url: endpoints.url,
        headers: { Authorization: `Bearer \${input:${VSCODE_KEY_INPUT}}` },
      },
    },
    {
      kind: 'item',
      container: 'inputs',
      id: VSCODE_KEY_INPUT,
      value: {
        id: VSCODE_KEY_INPUT,
        type: 'promptString',
        description: 'Airlock key',
        password: true,
      },
    },
  ],
  removeEdits: () => [
    removeServer('servers'),
    { kind: 'item', container: 'inputs', id: VSCODE_KEY_INPUT, value: undefined },
  ],
  restart:
    'VS Code reads mcp.json again on its own: run "MCP: List Servers", start "airlock", and paste the key when it asks.',
};

function userDir(environment: ClientEnvironment): string {
  return pathsOf(environment).join(environment.appData, 'Code', 'User');
}
