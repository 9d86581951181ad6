// The floor the HTTP bench compares Airlock with: a minimal v2 SDK server on node:http,
// built the way the SDK documents it (createMcpHandler + toNodeHandler), whose one tool
// does nothing but return a constant text the size of the file Airlock reads. No Host or
// Origin checks, no key, no limits, no audit: what serving MCP over HTTP costs at least.
// Run as its own process: `node bench/http/floor-server.ts SIZE_BYTES`; prints its URL.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

const size = Number(process.argv[2] ?? 2048);
const text = 'x'.repeat(size);

function floorServer(): McpServer {
  const server = new McpServer({ name: 'floor', version: '0.0.0' });
  server.registerTool(
    'read_text_file',
    { description: 'Returns a constant text.', inputSchema: z.object({ path: z.string() }) },
    () => ({ content: [{ type: 'text', text }] }),
  );
  return server;
}

const handler = toNodeHandler(createMcpHandler(() => floorServer()));
const http = createServer((req, res) => {
  void handler(req, res);
});
http.keepAliveTimeout = 5000;
http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as AddressInfo;
  process.stderr.write(`floor: listening on http://127.0.0.1:${port}/mcp\n`);
});
process.once('SIGTERM', () => {
  http.closeAllConnections();
  http.close(() => process.exit(0));
});
