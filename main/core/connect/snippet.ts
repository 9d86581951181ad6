import { ENTRY_NAME, type AirlockEndpoints } from './clients/mcp-client.ts';

/** The two generic entries for a client Airlock has no recipe for: stdio via the bridge, or HTTP. */
export function genericSnippets(endpoints: AirlockEndpoints): { stdio: string; http: string } {
  const stdio = {
    mcpServers: {
      [ENTRY_NAME]: { command: endpoints.stdio.command, args: [...endpoints.stdio.args] },
    },
  };
  const http = {
    mcpServers: {
      [ENTRY_NAME]: {
        type: 'http',
        url: endpoints.url,
        headers: { Authorization: 'Bearer <your Airlock key>' },
      },
    },
  };
  return { stdio: JSON.stringify(stdio, null, 2), http: JSON.stringify(http, null, 2) };
}
