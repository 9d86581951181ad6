import { AirlockHttpServer } from '../../http/http-server.ts';
import type { HttpSettings } from '../../settings/http-settings.ts';
import { loadHttpKeys, type HttpKeys, type HttpKeyStore } from '../../keys/http-keys.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import type {
  ConnectedClient,
  TransportStatus,
} from '../../../../preload/contract/status-views.ts';
import { clientName } from '../connections/client-name.ts';
import type { AppCore } from './build-app-core.ts';

export type AppKeyStore = HttpKeyStore;

export interface AppHttpTransportOptions {
  readonly keyStore: AppKeyStore;
  readonly env: NodeJS.ProcessEnv;
  readonly log: DiagnosticsLog;
  /** Told whenever the status changes (started, failed, stopped). */
  readonly onStatusChange: () => void;
}

const NO_KEY = 'No key yet. Create a key to connect apps over HTTP.';

/**
 * The app's loopback HTTP server. HTTP refuses to serve without a key, so it listens once
 * a key exists: at start, or as soon as one is created (keys.json changes, in any
 * process). A port in use is a status to show, never a crash. MCP_API_KEY is honoured,
 * read-only, as in the CLI without --allow-write.
 */
export class AppHttpTransport {
  readonly #options: AppHttpTransportOptions;
  #server: AirlockHttpServer | undefined;
  #status: TransportStatus = { transport: 'http', state: 'off', detail: NO_KEY };
  #keys: HttpKeys | undefined;
  #listening: Promise<void> | undefined;
  #stopped = false;

  constructor(options: AppHttpTransportOptions) {
    this.#options = options;
  }

  get status(): TransportStatus {
    return this.#status;
  }

  /** 2025-era sessions open now, and 2026-era clients seen in the last few minutes. */
  get clients(): ConnectedClient[] {
    return (this.#server?.connectedClients() ?? []).map((client) => ({
      name: clientName(client.identity),
      ...(client.identity?.version ? { version: client.identity.version } : {}),
      transport: 'http',
      key: client.keyName,
      since: new Date(client.since).toISOString(),
    }));
  }

  async start(core: AppCore, settings: HttpSettings): Promise<void> {
    const { keyStore, env, log } = this.#options;
    // MCP_API_KEY is read-only here, as in the CLI without --allow-write.
    const keys = await loadHttpKeys({ store: keyStore, env, allowWrite: false, log });
    // Stopped while the keychain was read: the watcher just started must not outlive the app.
    if (this.#stopped) return keys.close();
    this.#keys = keys;
    // One attempt at a time: a key created while HTTP is starting waits for that start.
    const listen = async (): Promise<void> => {
      while (this.#listening) await this.#listening;
      if (this.#server || this.#stopped) return;
      this.#listening = this.#listenIfKeys(core, settings, keys).finally(
        () => (this.#listening = undefined),
      );
      await this.#listening;
    };
    keys.onReload(() => void listen());
    keys.onRevoked((name) => void this.#server?.revokeSessionsOf(name));
    await listen();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#keys?.close();
    await this.#listening;
    await this.#server?.close();
    this.#server = undefined;
    this.#setStatus({ transport: 'http', state: 'off', detail: 'Stopped.' });
  }

  async #listenIfKeys(core: AppCore, settings: HttpSettings, keys: HttpKeys): Promise<void> {
    if (this.#stopped || this.#server) return;
    if (!keys.hasKeys()) {
      const keychainProblem = keys.keychainProblem();
      const detail = keychainProblem
        ? `The system keychain, where keys are kept, is not available: ${keychainProblem}`
        : NO_KEY;
      return this.#setStatus({ transport: 'http', state: 'off', detail });
    }
    const server = new AirlockHttpServer({
      core,
      settings,
      verifier: keys.verifier,
      host: '127.0.0.1',
      onClientsChange: () => this.#options.onStatusChange(),
      onKeyUsed: keys.recordUse,
    });
    try {
      const { url } = await server.listen();
      if (this.#stopped) return void (await server.close());
      this.#server = server;
      this.#setStatus({ transport: 'http', state: 'listening', address: url });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const detail =
        code === 'EADDRINUSE'
          ? `Port ${settings.port} is in use by another program. Choose another port in Settings.`
          : `HTTP could not start: ${(error as Error).message}`;
      this.#options.log.warn(detail);
      this.#setStatus({ transport: 'http', state: 'failed', detail });
    }
  }

  #setStatus(status: TransportStatus): void {
    this.#status = status;
    this.#options.onStatusChange();
  }
}
