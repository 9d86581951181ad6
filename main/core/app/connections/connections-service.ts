import { stat } from 'node:fs/promises';
import type { ClientEnvironment } from '../../connect/client-environment.ts';
import { CLIENTS } from '../../connect/clients/client-registry.ts';
import type { ClientId, McpClient } from '../../connect/clients/mcp-client.ts';
import type { ConfigEdit } from '../../connect/config-edit.ts';
import { ConnectionRecords } from '../../connect/connection-records.ts';
import type { ConfigWriteResult } from '../../connect/write-config.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import { currentPlatform, type PathPlatform } from '../../policy/platform.ts';
import { AppError } from '../ipc/app-error.ts';
import type { WorkspaceView } from '../../../../preload/contract/status-views.ts';
import {
  ConnectService,
  type Connected,
  type ConnectRequest as ConnectServiceRequest,
} from './connect-service.ts';
import {
  bridgeEntry,
  httpPortProblem,
  httpUrl,
  problemOf,
  type AirlockPieces,
} from './connections-endpoints.ts';
import { clientKeyFailure, connectionFailure } from './connections-errors.ts';
import type { ClientKeys } from './connections-key.ts';
import { clientView, keyNamesByClient } from './connections-list.ts';
import { connectedMessage, disconnectedMessage } from './connections-messages.ts';
import { chooseScope, scopeOfClientKey } from './connections-scope.ts';
import { clientSnippets, genericClientSnippets, snippetSources } from './connections-snippets.ts';
import type {
  ClientList,
  ClientView,
  ConnectResult,
  DisconnectResult,
  SnippetKind,
  SnippetList,
} from '../../../../preload/contract/connection-views.ts';
import { installInCursor } from './cursor-install.ts';

export interface ConnectionsOptions {
  /** The data dir the bridge is told, the folders shared now, the HTTP port setting. */
  readonly dataDir: string;
  readonly workspaces: () => readonly WorkspaceView[];
  readonly httpPort: () => number;
  /** Where the apps keep their settings: the real home in the app, a fixture tree in tests. */
  readonly environment: ClientEnvironment;
  readonly pieces: AirlockPieces;
  readonly keys: ClientKeys;
  /** Where the system's own reasons go (a link that could not be opened); the window gets plain words. */
  readonly log?: DiagnosticsLog | undefined;
  readonly platform?: PathPlatform;
  /** Writes an app's settings file: main/core/connect's writer, unless a test makes it fail. */
  readonly writeConfig?: (file: string, edits: readonly ConfigEdit[]) => Promise<ConfigWriteResult>;
}

/** The window's Connect: the app, and for HTTP apps the shared folders its key may reach, and how. */
export type ConnectRequest = Pick<ConnectServiceRequest, 'client' | 'workspaces' | 'access'>;

/**
 * The Connections page's work: which apps are here and connected, Connect, Repair and
 * Remove (through the connect service `airlock connect` uses, in the window's words),
 * Cursor's install link, and the text for apps Airlock has no recipe for.
 */
export class Connections {
  readonly #options: ConnectionsOptions;
  readonly #platform: PathPlatform;
  readonly #records: ConnectionRecords;
  /** Connecting and removing, under the rules the command line follows too. */
  readonly #service: ConnectService;
  /** Changes to apps' settings under way: a view read meanwhile would catch one half done. */
  readonly #writing = new Set<Promise<unknown>>();

  constructor(options: ConnectionsOptions) {
    this.#options = options;
    this.#platform = options.platform ?? currentPlatform();
    this.#records = new ConnectionRecords(options.dataDir);
    const platform = this.#platform;
    this.#service = new ConnectService({
      dataDir: options.dataDir,
      environment: options.environment,
      keys: options.keys,
      reach: {
        bridge: (client) => bridgeEntry(options.pieces, options.dataDir, client),
        url: () => httpUrl(options.httpPort()),
      },
      // Only workspaces shared now: an app's key can never reach further than the window shows.
      scopeOf: (chosen, access) => chooseScope(options.workspaces(), chosen, access, platform),
      fileFailure: (error, client, file) => connectionFailure(error, client.name, file),
      writeConfig: options.writeConfig,
    });
  }

  async list(): Promise<ClientList> {
    const keyNames = await keyNamesByClient(this.#options.keys);
    const extensionFile = await this.extensionFile();
    const records = this.#records;
    const { environment } = this.#options;
    const clients = await Promise.all(
      Object.values(CLIENTS).map((client) =>
        clientView(client, { environment, keyNames, extensionFile, records }),
      ),
    );
    return {
      clients,
      httpProblem: this.#options.httpPort() === 0 ? httpPortProblem() : null,
      bridgeProblem: await problemOf(() =>
        bridgeEntry(this.#options.pieces, this.#options.dataDir),
      ),
    };
  }

  /** Each app's settings file, where Airlock looks for it: what a watch watches. */
  async configFiles(): Promise<{ id: ClientId; configFile: string }[]> {
    return Promise.all(
      Object.values(CLIENTS).map(async (client) => ({
        id: client.id,
        configFile: (await client.locate(this.#options.environment)).configFile,
      })),
    );
  }

  /** One app as the page shows it now, once any change Airlock is making is done. */
  async view(id: ClientId): Promise<ClientView> {
    await Promise.allSettled([...this.#writing]);
    return this.#view(CLIENTS[id]);
  }

  connect(request: ConnectRequest, repaired = false): Promise<ConnectResult> {
    return this.#whileWriting(this.#connect(request, repaired));
  }

  /**
   * Repair: the same merge as Connect, with a backup, for an app whose entry is gone or
   * was changed. An HTTP app keeps the reach its key has now (the workspaces still shared).
   */
  async repair(id: ClientId): Promise<ConnectResult> {
    const client = CLIENTS[id];
    if (client.transport === 'stdio') return this.connect({ client: id }, true);
    const keys = await this.#options.keys.manager.list();
    const scope = await scopeOfClientKey(client, keys, this.#options.workspaces(), this.#platform);
    return this.connect({ client: id, ...scope }, true);
  }

  async #connect(request: ConnectRequest, repaired: boolean): Promise<ConnectResult> {
    const client = CLIENTS[request.client];
    const connected = await this.#service.connect(request).catch((error: unknown) => {
      throw clientKeyFailure(error, client.name);
    });
    this.#noteProblem(client, connected.unnoted);
    return this.#connected(connected, repaired);
  }

  /**
   * Removes only our entry (when the file exists), then revokes the keys Airlock made for
   * the app; a key the person made is left alone, whatever its name.
   */
  disconnect(id: ClientId): Promise<DisconnectResult> {
    return this.#whileWriting(this.#disconnect(id));
  }

  async #disconnect(id: ClientId): Promise<DisconnectResult> {
    const removed = await this.#service.remove({ client: id });
    this.#noteProblem(removed.client, removed.unnoted);
    return {
      client: await this.#view(removed.client),
      changed: removed.written?.changed ?? false,
      backup: removed.written?.backup ?? null,
      keyRevoked: removed.revoked.revoked.length > 0,
      message: disconnectedMessage(removed),
    };
  }

  /** Cursor's one-click install link, with the key made for it (see cursor-install.ts). */
  openCursorInstallLink(
    request: Omit<ConnectRequest, 'client'>,
    open: (link: string) => Promise<void>,
  ): Promise<{ message: string; keyName: string }> {
    const platform = this.#options.environment.platform;
    return installInCursor(this.#service, platform, request, open, this.#options.log);
  }

  /** Text for setting Airlock up by hand: for one app, or for apps not in the list. */
  async snippets(id?: ClientId): Promise<SnippetList> {
    const { pieces, dataDir, httpPort, environment } = this.#options;
    const { sources, notes } = await snippetSources(pieces, dataDir, httpPort(), id);
    if (id === undefined) return { snippets: genericClientSnippets(sources), notes };
    const client = CLIENTS[id];
    const { configFile } = await client.locate(environment);
    return { snippets: clientSnippets(client, configFile, sources), notes };
  }

  /** The text of one snippet, for the clipboard. */
  async snippetText(id: ClientId | undefined, kind: SnippetKind): Promise<string> {
    const { snippets, notes } = await this.snippets(id);
    const snippet = snippets.find((candidate) => candidate.kind === kind);
    if (!snippet) throw new AppError('not_found', notes[0] ?? 'There is no such text to copy.');
    return snippet.text;
  }

  /** The Claude Desktop extension, when this build has one. */
  async extensionFile(): Promise<string | undefined> {
    const file = this.#options.pieces.extensionFile;
    if (file === undefined) return undefined;
    return (await stat(file).catch(() => undefined))?.isFile() ? file : undefined;
  }

  async #view(client: McpClient): Promise<ClientView> {
    return clientView(client, {
      environment: this.#options.environment,
      keyNames: await keyNamesByClient(this.#options.keys),
      extensionFile: await this.extensionFile(),
      records: this.#records,
    });
  }

  async #whileWriting<T>(work: Promise<T>): Promise<T> {
    this.#writing.add(work);
    try {
      return await work;
    } finally {
      this.#writing.delete(work);
    }
  }

  /** The app is connected all the same; only the check for changes will not know it. */
  #noteProblem(client: McpClient, problem: unknown): void {
    if (problem !== undefined)
      this.#options.log?.warn(
        `could not note ${client.id}'s connection: ${describeError(problem)}`,
      );
  }

  async #connected(connected: Connected, repaired: boolean): Promise<ConnectResult> {
    const { client, written, handed } = connected;
    const secret = handed?.shown ?? null;
    return {
      client: await this.#view(client),
      changed: written.changed,
      configFile: written.file,
      backup: written.backup ?? null,
      message: connectedMessage(client, written, handed, secret !== null, repaired),
      keyName: handed?.key.name ?? null,
      secret,
    };
  }
}

/** An error as the diagnostics log keeps it: its message, or its text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
