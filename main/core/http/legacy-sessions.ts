import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { McpServer } from '@modelcontextprotocol/server';
import type { ClientIdentity } from '../server/client-identity.ts';

/** One 2025-era (stateful) session: bound, for its whole life, to the key that opened it. */
export interface LegacySession {
  readonly id: string;
  readonly keyName: string;
  readonly transport: NodeStreamableHTTPServerTransport;
  readonly server: McpServer;
  /** The clientInfo of its initialize request, shown as a client connected now. */
  readonly identity: ClientIdentity | undefined;
  /** Epoch ms. */
  readonly openedAt: number;
  lastSeen: number;
}

/**
 * The open 2025-era sessions. Ids are 256-bit random values; a session presented with
 * another key is treated as unknown, and idle sessions are closed.
 */
export class LegacySessions {
  private readonly sessions = new Map<string, LegacySession>();
  private readonly idleMs: number;
  private readonly sweeper: NodeJS.Timeout;
  private readonly onChange: () => void;

  /** `onChange` hears of every session opened or closed. */
  constructor(idleMs: number, onChange: () => void = () => undefined) {
    this.idleMs = idleMs;
    this.onChange = onChange;
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(idleMs, 60_000)).unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  add(session: LegacySession): void {
    this.sessions.set(session.id, session);
    this.onChange();
  }

  /** Every open session, oldest first. */
  list(): LegacySession[] {
    return [...this.sessions.values()];
  }

  /** The session with this id, only when it was opened with the same key. */
  find(id: string, keyName: string): LegacySession | undefined {
    const session = this.sessions.get(id);
    if (!session || session.keyName !== keyName) return undefined;
    session.lastSeen = Date.now();
    return session;
  }

  remove(id: string): void {
    if (this.sessions.delete(id)) this.onChange();
  }

  /** Closes every session a key opened: used when the key is revoked. */
  async closeForKey(keyName: string): Promise<number> {
    const doomed = [...this.sessions.values()].filter((session) => session.keyName === keyName);
    await Promise.all(doomed.map((session) => this.close(session)));
    return doomed.length;
  }

  /** Drops every open session (the person paused all access); new ones may follow later. */
  async closeEvery(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => this.close(session)));
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await this.closeEvery();
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const session of this.sessions.values()) {
      if (session.lastSeen < cutoff) void this.close(session);
    }
  }

  private async close(session: LegacySession): Promise<void> {
    if (this.sessions.delete(session.id)) this.onChange();
    await session.transport.close().catch(() => undefined);
    await session.server.close().catch(() => undefined);
  }
}
