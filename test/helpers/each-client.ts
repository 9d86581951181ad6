// The same stdio server driven by the v2 SDK client or the v1 SDK client that most MCP
// clients in the wild still use, so an attack suite can run through both.
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { serveArgs, serverEnv, startServer, type ServerOptions } from './server.ts';
import type { ToolArgs } from './results.ts';

export type ClientKind = 'v2' | 'v1';
export const CLIENT_KINDS: readonly ClientKind[] = ['v2', 'v1'];

export interface ConnectedClient {
  call(name: string, args: ToolArgs): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Starts `airlock serve --stdio` with extra CLI arguments and connects a client of `kind`. */
export async function connectClient(
  kind: ClientKind,
  options: ServerOptions,
): Promise<ConnectedClient> {
  if (kind === 'v2') {
    const server = await startServer(options);
    return {
      call: (name, args) => server.client.callTool({ name, arguments: args }, { timeout: 30_000 }),
      close: () => server.close(),
    };
  }
  const { client } = await startV1Client(options);
  return {
    call: async (name, args) =>
      (await client.callTool({ name, arguments: args }, undefined, {
        timeout: 30_000,
      })) as CallToolResult,
    close: () => client.close(),
  };
}

/**
 * `airlock serve --stdio` driven by the v1 SDK client, for tests that need the client or
 * its transport themselves (the server's pid, a call's own options).
 */
export async function startV1Client(
  options: ServerOptions,
): Promise<{ client: V1Client; transport: V1StdioTransport }> {
  const transport = new V1StdioTransport({
    command: process.execPath,
    args: serveArgs(options),
    env: { ...serverEnv(options.home), ...options.env },
    cwd: options.home,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', () => undefined); // drained, so a chatty server never blocks
  const client = new V1Client({ name: 'airlock-test-v1', version: '0.0.0' });
  await client.connect(transport);
  return { client, transport };
}
