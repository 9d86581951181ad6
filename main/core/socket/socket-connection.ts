import type { Socket } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { BoundedStdioTransport } from '../server/bounded-stdio-transport.ts';
import { recordOversizedRequest } from '../server/oversized-request.ts';
import { identityFrom, type ClientIdentity } from '../server/client-identity.ts';
import { createAirlockServer, type AirlockCore } from '../server/create-airlock-server.ts';

/** One bridge connection after a good handshake: MCP's stdio framing over the socket. */
export interface SocketConnection {
  /** The client name the bridge gave in its handshake. */
  readonly client: string;
  /** Epoch ms, when the handshake was accepted. */
  readonly openedAt: number;
  /** The clientInfo the client gave in MCP, once it has (initialize, or a 2026 envelope). */
  identity(): ClientIdentity | undefined;
  /** Resolves once the socket has closed, from either side. */
  readonly closed: Promise<void>;
  /** Ends the MCP session and hangs up. */
  close(): Promise<void>;
}

/**
 * The stdio transport over a socket, with the same cap on a request's size as real stdio.
 * The SDK transport never ends the stream it writes to (over real stdio that is the
 * process's stdout); a socket must be hung up, or the bridge on the other side would wait
 * forever when the server ends the session.
 */
class SocketStdioTransport extends BoundedStdioTransport {
  private readonly socket: Socket;

  constructor(socket: Socket, core: AirlockCore, client: string) {
    super(socket, socket, {
      limits: core.limits,
      onOversized: (line, maxBytes) =>
        recordOversizedRequest(core, 'socket', client, line, maxBytes),
    });
    this.socket = socket;
  }

  override async close(): Promise<void> {
    await super.close();
    hangUp(this.socket);
  }
}

/**
 * Serves one connection. `rest` is what arrived after the handshake line, already the
 * start of the MCP stream; the socket arrives paused so that nothing is lost meanwhile.
 */
export function serveConnection(
  socket: Socket,
  rest: Buffer,
  client: string,
  core: AirlockCore,
  onIdentified: () => void = () => undefined,
): SocketConnection {
  const transport = new SocketStdioTransport(socket, core, client);
  // The server the SDK made last for this connection is the one serving it (a 2026-era
  // probe may be replaced by a 2025-era instance); it knows the client's clientInfo.
  let server: McpServer | undefined;
  const createServer = () => {
    const made = createAirlockServer(core, { transport: 'socket' });
    const whenInitialized = made.server.oninitialized;
    made.server.oninitialized = () => {
      whenInitialized?.();
      onIdentified();
    };
    server = made;
    return made;
  };
  const handle = serveStdio(createServer, {
    transport,
    onerror: (error) => core.log.warn(`socket transport (${client}): ${error.message}`),
  });
  if (rest.length > 0) socket.unshift(rest);
  // The socket was paused explicitly, so the transport's 'data' listener alone would not
  // start the flow again.
  socket.resume();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void closed.then(() => handle.close());
  return {
    client,
    openedAt: Date.now(),
    identity: () => identityFrom(server?.server.getClientVersion()),
    closed,
    async close() {
      await handle.close();
      hangUp(socket);
      await closed;
    },
  };
}

/** How long a hang-up waits for queued bytes to leave before the socket is destroyed. */
const HANG_UP_GRACE_MS = 2000;

/** Sends what is queued, then closes; a peer that stopped reading cannot hold the socket open. */
export function hangUp(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableEnded) {
    socket.destroy();
    return;
  }
  const timer = setTimeout(() => socket.destroy(), HANG_UP_GRACE_MS);
  timer.unref();
  socket.end(() => {
    clearTimeout(timer);
    socket.destroy();
  });
}
