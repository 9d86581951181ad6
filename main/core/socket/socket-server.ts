import { chmod, lstat, unlink } from 'node:fs/promises';
import net, { type Socket } from 'node:net';
import type { Approver } from '../approvals/approval-ask.ts';
import { APPROVAL_PROTOCOL } from '../approvals/approval-wire.ts';
import type { AuditEntry } from '../audit/audit-record.ts';
import { PAUSED_MESSAGE } from '../policy/policy-error.ts';
import { answeredBeforeClosing } from '../server/calls-in-flight.ts';
import type { ClientIdentity } from '../server/client-identity.ts';
import type { AirlockCore } from '../server/create-airlock-server.ts';
import { loadBridgeToken } from './bridge-token.ts';
import { ALREADY_RUNNING_MESSAGE, claimSocketPath } from './claim-socket-path.ts';
import {
  checkHandshake,
  HANDSHAKE_TIMEOUT_MS,
  handshakeReply,
  MAX_HANDSHAKE_BYTES,
} from './handshake.ts';
import { DataDirError } from '../config/data-dir-error.ts';
import { ensurePrivateDataDir, madePrivateWarning } from '../config/private-data-dir.ts';
import { answerApprovalRequest, type ApprovalExchange } from './approval-exchange.ts';
import { readHandshakeLine } from './read-handshake-line.ts';
import { hangUp, serveConnection, type SocketConnection } from './socket-connection.ts';
import { isSocketFile, socketEndpoint } from './socket-endpoint.ts';
import { SocketStartError } from './socket-start-error.ts';

export interface SocketServerOptions {
  readonly core: AirlockCore;
  /** Holds the socket (macOS, Linux) and the bridge token. */
  readonly dataDir: string;
  /** Where to listen; by default the endpoint for `dataDir` on this system. */
  readonly endpoint?: string;
  readonly handshakeTimeoutMs?: number;
  /** Told when a client connects, names itself in MCP, or leaves. */
  readonly onClientsChange?: () => void;
  /**
   * The app's approvals, which standalone servers ask over this socket (`approval/1`).
   * Absent (`airlock serve --socket` is no app), they are told no app can answer.
   */
  readonly approver?: Approver;
}

/** One connection on the socket, as the window shows it. */
export interface SocketClientView {
  /** The name the bridge gave in its handshake (`airlock-bridge --client NAME`). */
  readonly bridgeName: string;
  readonly identity: ClientIdentity | undefined;
  /** Epoch ms. */
  readonly since: number;
}

/**
 * The local socket (a named pipe on Windows) that `airlock-bridge` relays stdio clients
 * to. Each connection must first present this install's bridge token; then it is one MCP
 * session, served like stdio. While access is paused, new connections are refused and
 * open ones dropped.
 */
export class AirlockSocketServer {
  private readonly options: SocketServerOptions;
  private readonly endpoint: string;
  private readonly server: net.Server;
  private readonly handshaking = new Set<Socket>();
  private readonly connections = new Set<SocketConnection>();
  private readonly approvals = new Set<ApprovalExchange>();
  private token = '';
  /** The inode we listened on, so close() never unlinks a successor's socket. */
  private socketInode: number | undefined;
  private stopWatchingAccess: (() => void) | undefined;
  private closing = false;

  constructor(options: SocketServerOptions) {
    this.options = options;
    this.endpoint = options.endpoint ?? socketEndpoint(options.dataDir);
    this.server = net.createServer((socket) => void this.accept(socket));
  }

  /** The names of the clients connected now, one per open connection. */
  connectedClients(): string[] {
    return [...this.connections].map((connection) => connection.client);
  }

  /** The connections open now, oldest first, with the clientInfo each gave in MCP. */
  clients(): SocketClientView[] {
    return [...this.connections].map((connection) => ({
      bridgeName: connection.client,
      identity: connection.identity(),
      since: connection.openedAt,
    }));
  }

  async listen(): Promise<{ readonly endpoint: string }> {
    const { core, dataDir } = this.options;
    const { fixedMode } = await ensurePrivateDataDir(dataDir).catch((error: unknown) => {
      throw error instanceof DataDirError ? new SocketStartError(error.message) : error;
    });
    if (fixedMode) core.log.warn(madePrivateWarning(dataDir));
    const onDisk = isSocketFile(this.endpoint);
    if (onDisk) await claimSocketPath(this.endpoint);
    const loaded = await loadBridgeToken(dataDir);
    if (loaded.replaced && loaded.replaced !== 'missing') {
      core.log.warn(`wrote a new bridge token: the old one was ${loaded.replaced}`);
    }
    this.token = loaded.token;
    await this.listenOnEndpoint();
    if (onDisk) {
      // listen() creates the socket under the umask; the data dir is already private, and
      // on Linux the socket's own mode is checked on connect too.
      await chmod(this.endpoint, 0o600);
      this.socketInode = (await lstat(this.endpoint)).ino;
    }
    this.stopWatchingAccess = core.access?.onChange((paused) => {
      // New calls are refused at once; the ones under way (a change the pause just denied)
      // are answered and recorded first, for a second at most, then every connection goes.
      if (!paused) return;
      void answeredBeforeClosing(core.callsInFlight).then(() => this.dropConnections());
    });
    return { endpoint: this.endpoint };
  }

  /** Stops listening, ends every connection and removes the socket file. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.stopWatchingAccess?.();
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.handshaking) socket.destroy();
    // A standalone waiting for the person is answered "waiting": its request stays in the
    // window, and the call retried after the OK goes through.
    for (const exchange of this.approvals) exchange.abort();
    await Promise.all([this.dropConnections(), ...[...this.approvals].map((one) => one.done)]);
    await stopped;
    await this.removeSocketFile();
  }

  private listenOnEndpoint(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EADDRINUSE' ? new SocketStartError(ALREADY_RUNNING_MESSAGE) : error);
      };
      this.server.once('error', onError);
      this.server.listen(this.endpoint, () => {
        this.server.off('error', onError);
        this.server.on('error', (error) => this.options.core.log.error(`socket: ${error.message}`));
        resolve();
      });
    });
  }

  private async accept(socket: Socket): Promise<void> {
    const { core } = this.options;
    // A bridge that vanishes mid-write must not take the server down with it.
    socket.on('error', (error) => core.log.debug(`socket connection: ${error.message}`));
    this.handshaking.add(socket);
    const first = await readHandshakeLine(
      socket,
      MAX_HANDSHAKE_BYTES,
      this.options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    );
    this.handshaking.delete(socket);
    if (this.closing || first.kind === 'closed') {
      // Closed before a word: a probe from a second Airlock checking whether we run.
      socket.destroy();
      return;
    }
    if (first.kind === 'timeout') {
      const seconds = Math.round((this.options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS) / 1000);
      return refuse(socket, `Airlock closed the connection: no handshake within ${seconds} s.`);
    }
    if (first.kind === 'too-long') {
      await this.recordRefusal('handshake too long', 'unknown');
      return refuse(
        socket,
        'Airlock expected a short bridge handshake first. Connect through airlock-bridge.',
      );
    }
    const verdict = checkHandshake(first.line, this.token);
    if (!verdict.ok) {
      await this.recordRefusal(verdict.reason, verdict.client);
      return refuse(socket, verdict.message);
    }
    if (verdict.protocol === APPROVAL_PROTOCOL) return this.answerApproval(socket, first.rest);
    if (core.access?.paused) return refuse(socket, PAUSED_MESSAGE);
    socket.write(handshakeReply({ ok: true }));
    core.log.info(`socket: ${verdict.client} connected`);
    const changed = () => this.options.onClientsChange?.();
    const connection = serveConnection(socket, first.rest, verdict.client, core, changed);
    this.connections.add(connection);
    changed();
    void connection.closed.then(() => {
      this.connections.delete(connection);
      changed();
    });
  }

  private answerApproval(socket: Socket, received: Buffer): void {
    const { approver, core } = this.options;
    const exchange = answerApprovalRequest(socket, received, {
      approver,
      log: core.log,
      timeoutMs: this.options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    });
    this.approvals.add(exchange);
    void exchange.done.then(() => this.approvals.delete(exchange));
  }

  private async recordRefusal(reason: string, client: string): Promise<void> {
    const entry: AuditEntry = {
      event: 'auth_failure',
      transport: 'socket',
      outcome: 'denied',
      reason,
      detail: { client },
    };
    // Written before the refusal is sent, so whoever was refused can find it at once.
    await this.options.core.audit?.record(entry).catch((error: unknown) => {
      this.options.core.log.error(`could not record a refused bridge connection: ${String(error)}`);
    });
  }

  private async dropConnections(): Promise<void> {
    await Promise.all([...this.connections].map((connection) => connection.close()));
  }

  private async removeSocketFile(): Promise<void> {
    if (this.socketInode === undefined) return;
    try {
      if ((await lstat(this.endpoint)).ino === this.socketInode) await unlink(this.endpoint);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function refuse(socket: Socket, message: string): void {
  socket.write(handshakeReply({ ok: false, message }));
  hangUp(socket);
}
