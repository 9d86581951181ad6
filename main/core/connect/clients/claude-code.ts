import { stat } from 'node:fs/promises';
import { pathsOf } from '../client-environment.ts';
import { ENTRY_NAME, isDirectory, removeServer, type McpClient } from './mcp-client.ts';

/** Claude Code's user-scope servers live in ~/.claude.json (a file, next to the ~/.claude folder). */
export const claudeCode: McpClient = {
  id: 'claude-code',
  name: 'Claude Code',
  transport: 'http',
  keyInFile: true,
  locate: async (environment) => {
    const paths = pathsOf(environment);
    const configFile = paths.join(environment.home, '.claude.json');
    const detected =
      (await isDirectory(paths.join(environment.home, '.claude'))) ||
      (await stat(configFile).then(
        () => true,
        () => false,
      ));
    return { configFile, detected };
  },
  addEdits: (endpoints, authorization) => [
    {
      kind: 'member',
      container: 'mcpServers',
      name: ENTRY_NAME,
      value: { type: 'http', url: endpoints.url, headers: { Authorization: authorization } },
    },
  ],
  removeEdits: () => [removeServer('mcpServers')],
  restart:
    'Start a new Claude Code session (running ones keep their old list). Close running sessions first: Claude Code rewrites ~/.claude.json.',
};

/** The same entry as a command, for people who prefer the CLI; the key is left for them to fill in. */
export function claudeMcpAddCommand(url: string): string {
  return `claude mcp add --transport http --scope user ${ENTRY_NAME} ${url} --header "Authorization: Bearer <your Airlock key>"`;
}
