// Raw HTTP/1.1 requests with node:http, so a test controls every header (fetch cannot set
// Host), and the JSON-RPC messages a 2025-era client sends; and initializeStatus, whether
// a key is taken, for tests that have only a URL.
import assert from 'node:assert/strict';
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  /** Sent as given; a `host` entry replaces the one node:http would write. */
  readonly headers?: OutgoingHttpHeaders;
  /** A string, or a stream piped as the body (chunked unless content-length is set). */
  readonly body?: string | Readable;
  /** Loopback address to connect to. */
  readonly address?: string;
  readonly timeoutMs?: number;
}

/** Sends one request on its own connection and reads the whole answer. */
export function rawRequest(port: number, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.address ?? '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/mcp',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          // A streamed body the server refused early is not sent on.
          if (typeof options.body === 'object') req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('raw request timed out')));
    req.on('error', reject);
    const { body } = options;
    if (body === undefined) req.end();
    else if (typeof body === 'string') req.end(body);
    else {
      // The server may answer (413) before the body is sent; stop sending then.
      body.on('error', reject);
      req.on('response', () => body.unpipe(req));
      body.pipe(req);
    }
  });
}

export const LEGACY_VERSION = '2025-06-18';

/** Headers a 2025-era Streamable HTTP client sends. */
export function mcpHeaders(key: string | undefined, sessionId?: string): OutgoingHttpHeaders {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': LEGACY_VERSION,
    ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
    ...(sessionId === undefined ? {} : { 'mcp-session-id': sessionId }),
  };
}

export function initializeMessage(id: number | string = 1): object {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: LEGACY_VERSION,
      capabilities: {},
      clientInfo: { name: 'raw-test', version: '0.0.0' },
    },
  };
}

/** The HTTP status of `message` posted with fetch and this key, as an MCP client posts it. */
export async function postedStatus(url: string, key: string, message: object): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${key}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify(message),
  });
  await response.body?.cancel();
  return response.status;
}

/** The HTTP status of an initialize sent with fetch and this key: 401 when the key is refused. */
export function initializeStatus(url: string, key: string): Promise<number> {
  return postedStatus(url, key, initializeMessage());
}

export const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };

export function callMessage(id: number, name: string, args: Record<string, unknown>): object {
  return { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } };
}

/** The JSON-RPC messages in a response body, whether plain JSON or an SSE stream. */
export function messagesIn(body: string): Array<Record<string, unknown>> {
  const trimmed = body.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown;
    return (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>;
  }
  return trimmed
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice('data:'.length).trim())
    .filter((data) => data !== '')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

/** Opens a 2025-era session with raw requests; returns its id. */
export async function openRawSession(port: number, key: string): Promise<string> {
  const init = await rawRequest(port, {
    headers: mcpHeaders(key),
    body: JSON.stringify(initializeMessage()),
  });
  assert.equal(init.status, 200, `initialize: ${init.body}`);
  const sessionId = init.headers['mcp-session-id'];
  assert.equal(typeof sessionId, 'string', 'initialize answers with a session id');
  const done = await rawRequest(port, {
    headers: mcpHeaders(key, sessionId as string),
    body: JSON.stringify(INITIALIZED),
  });
  assert.equal(done.status, 202, `notifications/initialized: ${done.body}`);
  return sessionId as string;
}

/** Calls a tool in a 2025-era session with a raw request; returns the HTTP answer. */
export function rawCall(
  port: number,
  key: string,
  sessionId: string,
  name: string,
  args: Record<string, unknown>,
): Promise<RawResponse> {
  return rawRequest(port, {
    headers: mcpHeaders(key, sessionId),
    body: JSON.stringify(callMessage(2, name, args)),
  });
}

/** Asserts no response header would let a web page read the answer cross-origin. */
export function assertNoCors(response: RawResponse, what: string): void {
  const cors = Object.keys(response.headers).filter((name) =>
    name.toLowerCase().startsWith('access-control-'),
  );
  assert.deepEqual(cors, [], `${what}: no Access-Control-* header`);
}

/** Asserts a refusal: this status, a short JSON-RPC error body and no CORS header. */
export function assertRefusedWith(response: RawResponse, status: number, what: string): void {
  assert.equal(response.status, status, `${what}: status (body: ${response.body.slice(0, 200)})`);
  assertNoCors(response, what);
  assert.ok(response.body.length < 500, `${what}: a short body`);
}

export const MODERN_REVISION = '2026-07-28';

/** A stateless 2026-era tools/call: the envelope in `_meta`, mirrored in the headers. */
export function modernCall(
  port: number,
  key: string,
  name: string,
  args: Record<string, unknown>,
  headers: OutgoingHttpHeaders = {},
): Promise<RawResponse> {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': MODERN_REVISION,
    'io.modelcontextprotocol/clientInfo': { name: 'raw-test', version: '0.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return rawRequest(port, {
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${key}`,
      'mcp-protocol-version': MODERN_REVISION,
      'mcp-method': 'tools/call',
      'mcp-name': name,
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name, arguments: args, _meta: meta },
    }),
  });
}

/** The text of the tool result in a response, or undefined when there is none. */
export function toolTextIn(response: RawResponse): string | undefined {
  for (const message of messagesIn(response.body)) {
    const result = message.result as { content?: Array<{ text?: string }> } | undefined;
    if (result?.content) return result.content.map((block) => block.text ?? '').join('\n');
  }
  return undefined;
}
