// The floor for a list_directory on the v2 SDK: a stdio server that reads the folder it is
// given, on its own thread as Airlock's stdio server does, and answers in the official
// server's shape. No path policy, no guard, no audit, no limits: it must never serve
// anyone. Its distance from the official server is the room every guarantee has to fit in.
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { readdirSync } from 'node:fs';
import { z } from 'zod';

const server = new McpServer({ name: 'sdk-floor', version: '1.0.0' });
server.registerTool(
  'list_directory',
  {
    inputSchema: z.object({ path: z.string() }),
    outputSchema: z.object({ content: z.string() }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  async ({ path }) => {
    const text = readdirSync(path, { withFileTypes: true })
      .map((entry) => `${entry.isDirectory() ? '[DIR]' : '[FILE]'} ${entry.name}`)
      .join('\n');
    return { content: [{ type: 'text', text }], structuredContent: { content: text } };
  },
);
await server.connect(new StdioServerTransport());
