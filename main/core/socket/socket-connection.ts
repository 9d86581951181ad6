import type { Socket } from 'node:net';
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { createAirlockServer, type AirlockCore } from '../server/create-airlock-server.ts';

/** One bridge connection after a good handshake: MCP's stdio framing over the socket. */
export interface SocketConnection {
  /** The client name the bridge gave in its handshake. */
  readonly client: string;
  /** Resolves once the socket has closed, from either side. */
  readonly closed: Promise<void>;
  /** Ends the MCP session and hangs up. */
  close(): Promise<void>;
}

/**
 * The SDK's stdio transport over a socket. The SDK transport never ends the stream it
 * writes to (over real stdio that is the process's stdout); a socket must be hung up, or
 * the bridge on the other side would wait forever when the server ends the session.
 */
class SocketStdioTransport extends StdioServerTransport {
  private readonly socket: Socket;

  constructor(socket: Socket) {
    super(socket, socket);
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
): SocketConnection {
  const transport = new SocketStdioTransport(socket);
  const handle = serveStdio(() => createAirlockServer(core, { transport: 'socket' }), {
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
