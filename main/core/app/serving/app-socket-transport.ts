import type { Approver } from '../../approvals/approval-ask.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import { identityFrom } from '../../server/client-identity.ts';
import type { SocketClientView } from '../../socket/socket-server.ts';
import type {
  ConnectedClient,
  TransportStatus,
} from '../../../../preload/contract/status-views.ts';
import type { AppCore } from './build-app-core.ts';
import { clientName } from '../connections/client-name.ts';

/** What the app needs of main/core/socket's AirlockSocketServer. */
export interface AppSocketServer {
  listen(): Promise<{ readonly endpoint: string }>;
  clients(): SocketClientView[];
  close(): Promise<void>;
}

export type CreateSocketServer = (options: {
  core: AppCore;
  dataDir: string;
  onClientsChange: () => void;
  approver?: Approver;
}) => AppSocketServer;

/**
 * main/core/socket's server, loaded on first use: the app shows its tray before the socket
 * module and its dependencies are evaluated.
 */
async function loadSocketServer(): Promise<CreateSocketServer> {
  const { AirlockSocketServer } = await import('../../socket/socket-server.ts');
  return (options) => new AirlockSocketServer(options);
}

export interface AppSocketTransportOptions {
  readonly dataDir: string;
  readonly log: DiagnosticsLog;
  readonly onStatusChange: () => void;
  /** The app's approvals, which standalone servers ask over the socket. */
  readonly approver?: Approver;
  /** Injected by tests; by default main/core/socket's server. */
  readonly createServer?: CreateSocketServer;
}

/**
 * The local socket that `airlock-bridge` relays stdio clients (Claude Desktop) to. When it
 * cannot start (another Airlock serves it already), the app still runs, and says why.
 */
export class AppSocketTransport {
  readonly #options: AppSocketTransportOptions;
  #server: AppSocketServer | undefined;
  #status: TransportStatus = { transport: 'socket', state: 'off', detail: 'Starting.' };

  constructor(options: AppSocketTransportOptions) {
    this.#options = options;
  }

  get status(): TransportStatus {
    return this.#status;
  }

  /**
   * Each connection by the name its client gave in MCP; until it has, by the name the
   * bridge gave in its handshake.
   */
  get clients(): ConnectedClient[] {
    return (this.#server?.clients() ?? []).map((client) => ({
      name: clientName(client.identity ?? identityFrom({ name: client.bridgeName })),
      ...(client.identity?.version ? { version: client.identity.version } : {}),
      transport: 'socket',
      since: new Date(client.since).toISOString(),
    }));
  }

  async start(core: AppCore): Promise<void> {
    const create = this.#options.createServer ?? (await loadSocketServer());
    const server = create({
      core,
      dataDir: this.#options.dataDir,
      onClientsChange: this.#options.onStatusChange,
      ...(this.#options.approver ? { approver: this.#options.approver } : {}),
    });
    try {
      const { endpoint } = await server.listen();
      this.#server = server;
      this.#setStatus({ transport: 'socket', state: 'listening', address: endpoint });
    } catch (error) {
      // SocketStartError messages are written for the person ("Airlock is already running").
      const detail = (error as Error).message;
      this.#options.log.warn(`the local socket could not start: ${detail}`);
      this.#setStatus({ transport: 'socket', state: 'failed', detail });
      await server.close().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    await this.#server?.close();
    this.#server = undefined;
    this.#setStatus({ transport: 'socket', state: 'off', detail: 'Stopped.' });
  }

  #setStatus(status: TransportStatus): void {
    this.#status = status;
    this.#options.onStatusChange();
  }
}
