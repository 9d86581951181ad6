import { pathsOf } from '../client-environment.ts';
import { ENTRY_NAME, locateIn, removeServer, type McpClient } from './mcp-client.ts';

/** Cursor speaks Streamable HTTP with headers; its global config is ~/.cursor/mcp.json. */
export const cursor: McpClient = {
  id: 'cursor',
  name: 'Cursor',
  transport: 'http',
  keyInFile: true,
  locate: (environment) => {
    const dir = pathsOf(environment).join(environment.home, '.cursor');
    return locateIn(dir, pathsOf(environment).join(dir, 'mcp.json'));
  },
  addEdits: (endpoints, authorization) => [
    {
      kind: 'member',
      container: 'mcpServers',
      name: ENTRY_NAME,
      value: { url: endpoints.url, headers: { Authorization: authorization } },
    },
  ],
  removeEdits: () => [removeServer('mcpServers')],
  restart: 'Cursor reads mcp.json again on its own; if Airlock is not listed, restart Cursor.',
};
