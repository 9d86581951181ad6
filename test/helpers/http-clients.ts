// Real MCP clients over HTTP with a bearer key: the v2 SDK client on the stateless
// 2026-era path or on a 2025-era session, and the v1 SDK client (sessions only).
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import assert from 'node:assert/strict';

/** The protocol revision served without sessions, one server per request. */
export const MODERN_VERSION = '2026-07-28';

export type V2Era = 'modern' | 'legacy';

/** Connects the v2 client: `modern` pins 2026-07-28 (stateless), `legacy` is its default. */
export async function connectV2(
  url: string,
  key: string,
  era: V2Era = 'modern',
  headers: Record<string, string> = {},
): Promise<Client> {
  const client = new Client(
    { name: `airlock-http-v2-${era}`, version: '0.0.0' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: MODERN_VERSION } } } : {},
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { ...headers, Authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

export interface V1Connection {
  readonly client: V1Client;
  readonly transport: V1Transport;
}

export async function connectV1(url: string, key: string): Promise<V1Connection> {
  const transport = new V1Transport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  const client = new V1Client({ name: 'airlock-http-v1', version: '0.0.0' });
  await client.connect(transport);
  return { client, transport };
}

interface ToolResultLike {
  content?: unknown;
  isError?: boolean;
}

/** The text blocks of any client's tool result, joined by newlines. */
export function resultText(result: ToolResultLike): string {
  const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
  return content
    .map((block) =>
      block && typeof block === 'object' && 'text' in block ? String(block.text) : '',
    )
    .join('\n');
}

/** The server still serves: a fresh stateless client reads the file and gets its text. */
export async function assertServes(
  url: string,
  key: string,
  file: string,
  expected: string,
): Promise<void> {
  // On connections of its own (Connection: close): a pooled connection reused just as the
  // server closes it would fail the check for a reason that is not the server's.
  const client = await connectV2(url, key, 'modern', { connection: 'close' });
  try {
    const result = await client.callTool({ name: 'read_text_file', arguments: { path: file } });
    assert.notEqual(result.isError, true, `the server still serves: ${resultText(result)}`);
    assert.equal(resultText(result), expected);
  } finally {
    await client.close();
  }
}
