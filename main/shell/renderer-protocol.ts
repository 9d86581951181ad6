import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-scheme.ts';
import { SECURITY_HEADERS } from './content-security-policy.ts';

/** The only kinds of file the UI is made of; anything else is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built UI (dist/renderer) for `app://airlock/...`. A request names a file by
 * its segments below the root; a segment that is empty, `.` or `..`, or that holds a
 * slash, backslash or NUL once decoded, is refused, so nothing outside the root is ever
 * read. Every response, errors included, carries the CSP.
 */
export function createRendererHandler(root: string): (request: Request) => Promise<Response> {
  const base = path.resolve(root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return respond(405, 'Method not allowed');
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST)
      return respond(404, 'Not found');
    const segments = fileSegments(url.pathname);
    if (!segments) return respond(400, 'Bad path');
    const file = path.join(base, ...segments);
    const relative = path.relative(base, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return respond(400, 'Bad path');
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
    if (!type) return respond(404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return respond(404, 'Not found');
    }
    const headers = { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers,
    });
  };
}

export function serveRenderer(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createRendererHandler(root));
}

function fileSegments(pathname: string): string[] | undefined {
  const raw = pathname === '/' ? ['index.html'] : pathname.slice(1).split('/');
  const segments: string[] = [];
  for (const part of raw) {
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) return undefined;
    segments.push(name);
  }
  return segments;
}

function respond(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
