import { stat } from 'node:fs/promises';
import type { ClientEnvironment } from '../../connect/client-environment.ts';
import { CLIENTS } from '../../connect/clients/client-registry.ts';
import type { ClientId, McpClient } from '../../connect/clients/mcp-client.ts';
import type { ConfigEdit } from '../../connect/config-edit.ts';
import { rememberConnection } from '../../connect/connection-check.ts';
import { ConnectionRecords } from '../../connect/connection-records.ts';
import {
  airlockEntryOf,
  cursorInstallLink,
  cursorInstallLinkOffered,
} from '../../connect/cursor-install-link.ts';
import { writeConfigFile, type ConfigWriteResult } from '../../connect/write-config.ts';
import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import { currentPlatform, type PathPlatform } from '../../policy/platform.ts';
import { AppError } from '../ipc/app-error.ts';
import type { WorkspaceView } from '../../../../preload/contract/status-views.ts';
import {
  bridgeEntry,
  httpPortProblem,
  httpUrl,
  problemOf,
  type AirlockPieces,
} from './connections-endpoints.ts';
import { connectionFailure } from './connections-errors.ts';
import { handKeyToClient } from './client-key-handoff.ts';
import { revokeClientKeys, type ClientKeys } from './connections-key.ts';
import { clientView, configState, secretInFile } from './connections-list.ts';
import {
  connectedMessage,
  disconnectedMessage,
  keySentence,
  NO_KEYS_RETIRED,
} from './connections-messages.ts';
import { chooseScope, scopeOfClientKey, type ChosenScope } from './connections-scope.ts';
import { clientSnippets, genericClientSnippets } from './connections-snippets.ts';
import type {
  ClientList,
  ClientView,
  ConnectResult,
  DisconnectResult,
  SnippetKind,
  SnippetList,
} from '../../../../preload/contract/connection-views.ts';
import type { WorkspaceAccess } from '../../../../preload/contract/vocabulary.ts';

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
  readonly writeConfig?: typeof writeConfigFile;
}

export interface ConnectRequest {
  readonly client: ClientId;
  /** For apps that connect over HTTP: the shared folders its key may reach, and how. */
  readonly folders?: readonly string[] | undefined;
  readonly access?: WorkspaceAccess | undefined;
}

const NO_BRIDGE = { command: '', args: [] };

/**
 * The Connections page's work: which apps are here and connected, adding Airlock to an
 * app's settings (merged, with a backup; a key made for HTTP apps), removing only our
 * entry, Cursor's install link, and the text for apps Airlock has no recipe for.
 */
export class Connections {
  readonly #options: ConnectionsOptions;
  readonly #records: ConnectionRecords;
  /** Changes to apps' settings under way: a view read meanwhile would catch one half done. */
  readonly #writing = new Set<Promise<unknown>>();

  constructor(options: ConnectionsOptions) {
    this.#options = options;
    this.#records = new ConnectionRecords(options.dataDir);
  }

  async list(): Promise<ClientList> {
    const keyNames = await this.#keyNames();
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
   * was changed. An HTTP app keeps the reach its key has now (the folders still shared).
   */
  async repair(id: ClientId): Promise<ConnectResult> {
    const client = CLIENTS[id];
    if (client.transport === 'stdio') return this.connect({ client: id }, true);
    const keys = await this.#options.keys.manager.list();
    const scope = await scopeOfClientKey(
      client,
      keys,
      this.#options.workspaces(),
      this.#platform(),
    );
    return this.connect({ client: id, ...scope }, true);
  }

  async #connect(request: ConnectRequest, repaired: boolean): Promise<ConnectResult> {
    const client = CLIENTS[request.client];
    const configFile = await this.#installedConfigFile(client);
    if (client.transport === 'stdio') {
      const stdio = await bridgeEntry(this.#options.pieces, this.#options.dataDir, client.id);
      await this.#assertEditable(client, configFile);
      const result = await this.#write(client, configFile, client.addEdits({ stdio, url: '' }, ''));
      await this.#remember(client, configFile, result);
      return this.#connected(client, result, undefined, repaired);
    }

    const url = httpUrl(this.#options.httpPort());
    const chosen = await this.#scopeOf(request);
    await this.#assertEditable(client, configFile);
    const keyRequest = {
      client: client.id,
      appName: client.name,
      ...chosen,
      secretInFile: await secretInFile(client, configFile),
      secretNeeded: client.keyInFile,
    };
    const handoff = await handKeyToClient(this.#options.keys, keyRequest, (key) =>
      this.#write(
        client,
        configFile,
        client.addEdits({ stdio: NO_BRIDGE, url }, `Bearer ${key.secret ?? ''}`),
      ),
    );
    const { key, delivered: result, retired } = handoff;
    await this.#remember(client, configFile, result);
    return this.#connected(client, result, { key, scope: chosen.scope, retired }, repaired);
  }

  /**
   * Removes only our entry (when the file exists), then revokes the keys Airlock made for
   * the app; a key the person made is left alone, whatever its name.
   */
  disconnect(id: ClientId): Promise<DisconnectResult> {
    return this.#whileWriting(this.#disconnect(id));
  }

  async #disconnect(id: ClientId): Promise<DisconnectResult> {
    const client = CLIENTS[id];
    const { configFile } = await client.locate(this.#options.environment);
    const exists = (await stat(configFile).catch(() => undefined)) !== undefined;
    const result = exists ? await this.#write(client, configFile, client.removeEdits()) : undefined;
    // Removed through Airlock: from now on the app is "not connected", not "gone".
    await this.#records.forget(client.id, configFile);
    const keys =
      client.transport === 'http'
        ? await revokeClientKeys(this.#options.keys, client)
        : NO_KEYS_RETIRED;
    return {
      client: await this.#view(client),
      changed: result?.changed ?? false,
      backup: result?.backup ?? null,
      keyRevoked: keys.revoked.length > 0,
      message: disconnectedMessage(client, result, keys),
    };
  }

  /**
   * Cursor's one-click install: the link carries Cursor's entry, with the key made for it,
   * and `open` hands it to the system, which asks Cursor to install it. Not on Linux, where
   * the link (and the key in it) would be on command lines other users can read.
   */
  async openCursorInstallLink(
    request: Omit<ConnectRequest, 'client'>,
    open: (link: string) => Promise<void>,
  ): Promise<{ message: string; keyName: string }> {
    const client = CLIENTS.cursor;
    if (!cursorInstallLinkOffered(this.#options.environment.platform)) {
      throw new AppError(
        'unavailable',
        "On this system Cursor's install link would show its key to other users of this computer. Use Connect instead, which writes the key into Cursor's settings file.",
      );
    }
    const configFile = await this.#installedConfigFile(client);
    const url = httpUrl(this.#options.httpPort());
    const chosen = await this.#scopeOf(request);
    const keyRequest = {
      client: client.id,
      appName: client.name,
      ...chosen,
      secretInFile: await secretInFile(client, configFile).catch(() => undefined),
      secretNeeded: true,
    };
    const { key, retired } = await handKeyToClient(
      this.#options.keys,
      keyRequest,
      async (given) => {
        const entry = airlockEntryOf(
          client.addEdits({ stdio: NO_BRIDGE, url }, `Bearer ${given.secret ?? ''}`),
        );
        try {
          await open(cursorInstallLink(entry));
        } catch (error) {
          this.#options.log?.warn(
            `Cursor's install link could not be opened: ${describeError(error)}`,
          );
          throw new AppError(
            'unavailable',
            "Cursor could not be opened. Use Connect instead, which writes Cursor's settings file.",
          );
        }
      },
    );
    return {
      message: `Cursor was asked to add Airlock: switch to Cursor and choose Install. ${keySentence(client, key, chosen.scope, retired)}`,
      keyName: key.name,
    };
  }

  /** Text for setting Airlock up by hand: for one app, or for apps not in the list. */
  async snippets(id?: ClientId): Promise<SnippetList> {
    const notes: string[] = [];
    const usable = async <T>(work: () => T | Promise<T>): Promise<T | undefined> => {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        notes.push(error.message);
        return undefined;
      }
    };
    const sources = {
      bridge: await usable(() => bridgeEntry(this.#options.pieces, this.#options.dataDir, id)),
      url: await usable(() => httpUrl(this.#options.httpPort())),
    };
    if (id === undefined) return { snippets: genericClientSnippets(sources), notes };
    const client = CLIENTS[id];
    const { configFile } = await client.locate(this.#options.environment);
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
      keyNames: await this.#keyNames(),
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

  /** What Airlock wrote, so that a change by someone else can be told from its own. */
  async #remember(client: McpClient, configFile: string, result: ConfigWriteResult): Promise<void> {
    try {
      await rememberConnection(this.#records, client, configFile, result.after);
    } catch (error) {
      // The app is connected all the same; only the check for changes will not know it.
      this.#options.log?.warn(`could not note ${client.id}'s connection: ${describeError(error)}`);
    }
  }

  #platform(): PathPlatform {
    return this.#options.platform ?? currentPlatform();
  }

  /** The client's settings file; refused when the app does not seem to be installed. */
  async #installedConfigFile(client: McpClient): Promise<string> {
    const location = await client.locate(this.#options.environment);
    if (!location.detected) {
      throw new AppError(
        'not_found',
        `${client.name} does not seem to be installed on this computer (Airlock looked for ${location.configFile}). Install and open it once, then try again, or use the text under "Other apps".`,
      );
    }
    return location.configFile;
  }

  /** Checked before any key is made: a file Airlock will not change must leave no stray key. */
  async #assertEditable(client: McpClient, configFile: string): Promise<void> {
    const { problem } = await configState(client, configFile);
    if (problem) throw new AppError('unavailable', problem);
  }

  async #write(
    client: McpClient,
    configFile: string,
    edits: readonly ConfigEdit[],
  ): Promise<ConfigWriteResult> {
    try {
      return await (this.#options.writeConfig ?? writeConfigFile)(configFile, edits);
    } catch (error) {
      throw connectionFailure(error, client.name, configFile);
    }
  }

  #scopeOf(request: Omit<ConnectRequest, 'client'>): Promise<ChosenScope> {
    return chooseScope(
      this.#options.workspaces(),
      request.folders,
      request.access ?? 'read',
      this.#platform(),
    );
  }

  async #connected(
    client: McpClient,
    result: ConfigWriteResult,
    http: Parameters<typeof connectedMessage>[2],
    repaired: boolean,
  ): Promise<ConnectResult> {
    // An app that keeps the key itself is given a new one once; otherwise it is in the file.
    const secret =
      http && !client.keyInFile && http.key.source !== 'kept' ? (http.key.secret ?? null) : null;
    return {
      client: await this.#view(client),
      changed: result.changed,
      configFile: result.file,
      backup: result.backup ?? null,
      message: connectedMessage(client, result, http, secret !== null, repaired),
      keyName: http?.key.name ?? null,
      secret,
    };
  }

  /** By app id, the key Airlock made for it (the newest, if an old one was left behind). */
  async #keyNames(): Promise<Map<string, string>> {
    // The list is a file; a keychain that does not answer must not hide the page.
    const keys = await this.#options.keys.manager.list().catch(() => []);
    const names = new Map<string, string>();
    const oldestFirst = [...keys].sort((a, b) => a.created.localeCompare(b.created));
    for (const key of oldestFirst) if (key.madeFor !== null) names.set(key.madeFor, key.name);
    return names;
  }
}

/** An error as the diagnostics log keeps it: its message, or its text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
