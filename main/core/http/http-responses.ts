import type { ServerResponse } from 'node:http';

/**
 * Answers a refused request. The body says what to do and nothing more: no detail about
 * keys, paths or internals. No CORS header is ever set, so no web page can read it.
 */
export function refuse(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export function unauthorized(res: ServerResponse): void {
  refuse(res, 401, 'A valid Airlock key is required.', {
    'WWW-Authenticate': 'Bearer realm="airlock"',
  });
}
