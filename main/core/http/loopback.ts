import { isIP } from 'node:net';

/** Names a request to the loopback server may use in `Host` and `Origin`. */
export const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]', '::1'] as const;

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1';
  return false;
}

/**
 * Whether a `Host` header names this server: a loopback name with our port. Anything
 * else (evil.example, localhost.evil.example, 127.0.0.1.nip.io) is DNS rebinding.
 */
export function isAllowedHostHeader(header: string | undefined, port: number): boolean {
  if (!header) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (!match) return false;
  const [, name, portText] = match;
  if (
    !name ||
    !LOOPBACK_HOSTNAMES.includes(name.toLowerCase() as (typeof LOOPBACK_HOSTNAMES)[number])
  ) {
    return false;
  }
  return portText !== undefined ? Number(portText) === port : port === 80;
}

/** Whether an `Origin` header is a page served from this machine's loopback. `null` is not. */
export function isAllowedOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return (LOOPBACK_HOSTNAMES as readonly string[]).includes(url.hostname);
}
