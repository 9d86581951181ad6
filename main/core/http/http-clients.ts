import { CLIENT_INFO_META_KEY } from '@modelcontextprotocol/server';
import { identityFrom, type ClientIdentity } from '../server/client-identity.ts';

/** A client of the HTTP server now: a 2025-era session, or a recent 2026-era client. */
export interface HttpClientView {
  /** Undefined when the client gave no clientInfo (2026-07-28 makes it optional). */
  readonly identity: ClientIdentity | undefined;
  readonly keyName: string;
  /** Epoch ms: when the session opened, or the stateless client was first seen. */
  readonly since: number;
}

/** How long a 2026-era client, which keeps no session, counts as connected after a request. */
export const RECENT_CLIENT_MS = 5 * 60 * 1000;
/** A bound on the stateless clients remembered; the one quiet the longest is forgotten first. */
export const MAX_RECENT_CLIENTS = 100;

/**
 * For each request in a 2026-era body (one message or a batch), the clientInfo its
 * envelope carries, if any. Notifications and responses are not counted: they may come
 * without an envelope from a client whose requests name it.
 */
export function requestIdentities(body: unknown): (ClientIdentity | undefined)[] {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.filter(isRequest).map((message) => {
    const meta = (message as { params?: { _meta?: Record<string, unknown> } }).params?._meta;
    return identityFrom(meta?.[CLIENT_INFO_META_KEY]);
  });
}

function isRequest(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { method?: unknown }).method === 'string' &&
    'id' in message
  );
}

/**
 * 2026-era clients keep no session, so "connected now" means "made a request in the last
 * few minutes": each is remembered by key and name from its first request, and forgotten
 * RECENT_CLIENT_MS after its latest.
 */
export class RecentHttpClients {
  readonly #windowMs: number;
  readonly #maxClients: number;
  /** In the order the clients arrived, which is the order they are listed in. */
  readonly #clients = new Map<string, { view: HttpClientView; lastSeen: number }>();

  constructor(windowMs = RECENT_CLIENT_MS, maxClients = MAX_RECENT_CLIENTS) {
    this.#windowMs = windowMs;
    this.#maxClients = maxClients;
  }

  /** Notes a request; true when this client was not in the list before. */
  seen(keyName: string, identity: ClientIdentity | undefined, now = Date.now()): boolean {
    this.#forgetIdle(now);
    const id = JSON.stringify([keyName, identity?.name ?? '', identity?.version ?? '']);
    const known = this.#clients.get(id);
    if (known) {
      known.lastSeen = now;
      return false;
    }
    if (this.#clients.size >= this.#maxClients) this.#forgetQuietest();
    this.#clients.set(id, { view: { identity, keyName, since: now }, lastSeen: now });
    return true;
  }

  /** Forgets the clients of one key (revoked), or of every key (access paused). */
  forget(keyName?: string): void {
    for (const [id, entry] of this.#clients) {
      if (keyName === undefined || entry.view.keyName === keyName) this.#clients.delete(id);
    }
  }

  list(now = Date.now()): HttpClientView[] {
    this.#forgetIdle(now);
    return [...this.#clients.values()].map((entry) => entry.view);
  }

  /** Forgets the client seen least recently: one still at work is kept over a newer idle one. */
  #forgetQuietest(): void {
    let quietest: { id: string; lastSeen: number } | undefined;
    for (const [id, entry] of this.#clients) {
      if (!quietest || entry.lastSeen < quietest.lastSeen)
        quietest = { id, lastSeen: entry.lastSeen };
    }
    if (quietest) this.#clients.delete(quietest.id);
  }

  #forgetIdle(now: number): void {
    for (const [id, entry] of this.#clients) {
      if (now - entry.lastSeen > this.#windowMs) this.#clients.delete(id);
    }
  }
}
