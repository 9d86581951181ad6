import type { IncomingMessage } from 'node:http';
import { isLegacyRequest, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';

/**
 * Whether a request speaks the 2025 protocol (sessions) rather than 2026-07-28 (stateless),
 * decided by the SDK's own classifier. It gets a header-only Request and the already
 * parsed body, so nothing is read or copied twice.
 */
export async function isLegacyEra(req: IncomingMessage, parsedBody: unknown): Promise<boolean> {
  // The common case needs no Request at all: a message that carries the 2026 envelope
  // claim is modern by the SDK's own rule ("a request carrying the envelope claim" → false).
  if (carriesEnvelopeClaim(parsedBody)) return false;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
  });
  return isLegacyRequest(request, parsedBody);
}

function carriesEnvelopeClaim(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const meta = (body as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
  return typeof meta?.[PROTOCOL_VERSION_META_KEY] === 'string';
}
