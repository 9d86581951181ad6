import { pathsOf } from '../client-environment.ts';
import { ENTRY_NAME, locateIn, removeServer, type McpClient } from './mcp-client.ts';

/** Windsurf names the HTTP address `serverUrl`; its config is ~/.codeium/windsurf/mcp_config.json. */
export const windsurf: McpClient = {
  id: 'windsurf',
  name: 'Windsurf',
  transport: 'http',
  keyInFile: true,
  locate: (environment) => {
    const dir = pathsOf(environment).join(environment.home, '.codeium', 'windsurf');
    return locateIn(dir, pathsOf(environment).join(dir, 'mcp_config.json'));
  },
  addEdits: (endpoints, authorization) => [
    {
      kind: 'member',
      container: 'mcpServers',
      name: ENTRY_NAME,
      value: { serverUrl: endpoints.url, headers: { Authorization: authorization } },
    },
  ],
  removeEdits: () => [removeServer('mcpServers')],
  restart: 'In Windsurf, press Refresh in the MCP servers panel of Cascade, or restart Windsurf.',
};
