import { stat } from 'node:fs/promises';
import { CLIENTS } from '../../connect/clients/client-registry.ts';
import type { ClientId, McpClient } from '../../connect/clients/mcp-client.ts';
import type { ConfigEdit } from '../../connect/config-edit.ts';
import { rememberConnection } from '../../connect/connection-check.ts';
import { ConnectionRecords } from '../../connect/connection-records.ts';
import { secretInFile } from '../../connect/entry-secret.ts';
import type { ConfigWriteResult } from '../../connect/write-config.ts';
import { readKeyRecords } from '../../keys/key-metadata.ts';
import type { KeyScope } from '../../keys/key-scope.ts';
import { ClientConfigs, type ClientConfigOptions } from './client-configs.ts';
import { handKeyToClient, type KeyHandoff } from './client-key-handoff.ts';
import {
  NO_KEYS_REVOKED,
  revokeClientKeys,
  type AppClientKey,
  type ClientKeyRequest,
  type ClientKeys,
  type RevokedKeys,
} from './connections-key.ts';
import type { ChosenScope } from './connections-scope.ts';

type Access = KeyScope['access'];

/** How clients reach this Airlock, which depends on how it was installed; each checks itself. */
export interface AirlockReach {
  /** The command a stdio client starts: the bridge, told the client's name. */
  bridge(client: ClientId): Promise<{ command: string; args: readonly string[] }>;
  /** The loopback URL an HTTP client is given. */
  url(): string;
}

export interface ConnectServiceOptions extends ClientConfigOptions {
  /** Airlock's data dir: the notes of what was written into each config, and the key list. */
  readonly dataDir: string;
  readonly reach: AirlockReach;
  readonly keys: ClientKeys;
  /**
   * What a client's new key may reach: the window offers only workspaces shared now; the
   * command line any folder, as `airlock keys create` does.
   */
  readonly scopeOf: (
    workspaces: readonly string[] | undefined,
    access: Access,
  ) => Promise<ChosenScope>;
}

export interface ConnectRequest {
  readonly client: ClientId;
  /**
   * The config to change, when the caller chose it (`--config-file`, or where the client
   * will look once installed). Without it, the client's own, and a client that does not
   * seem to be installed is refused.
   */
  readonly configFile?: string | undefined;
  /** For an HTTP client: what the key made for it may reach. */
  readonly workspaces?: readonly string[] | undefined;
  readonly access?: Access | undefined;
  /** A key the caller holds (MCP_API_KEY): written as it is, and no key is made or stored. */
  readonly givenKey?: string | undefined;
  /** Check and show the change only: nothing is written, no key is made or revoked. */
  readonly dryRun?: boolean | undefined;
}

/** The key an HTTP client was handed, what it reaches, and the old keys revoked after. */
export interface HandedKey {
  readonly key: AppClientKey;
  readonly scope: KeyScope;
  readonly retired: RevokedKeys;
  /**
   * The secret to show the person, once: only to give a client that keeps its key in its
   * own secret storage (VS Code), and only a new one; otherwise it is in the config.
   */
  readonly shown: string | undefined;
}

export interface Connected {
  readonly client: McpClient;
  /** What was written, or on a dry run what would be. */
  readonly written: ConfigWriteResult;
  /** Undefined for a stdio client, a given key, or a dry run. */
  readonly handed: HandedKey | undefined;
  /** Why what was written could not be noted (the client is connected all the same). */
  readonly unnoted: unknown;
}

export interface Removed {
  readonly client: McpClient;
  /** The config as the request named it (a link is written where it points). */
  readonly configFile: string;
  /** Undefined when there is no such file: there was nothing to remove. */
  readonly written: ConfigWriteResult | undefined;
  /** The keys Airlock made for the client: revoked now, or on a dry run, to be revoked. */
  readonly madeFor: readonly string[];
  readonly revoked: RevokedKeys;
  /** Why the key list could not be read, so that no key was revoked. */
  readonly unlisted: unknown;
  readonly unnoted: unknown;
}

const NO_BRIDGE = { command: '', args: [] };

/**
 * Connecting a client and removing it, for the window and `airlock connect` alike: the
 * checks made before anything changes, Airlock's entry merged into the client's config
 * (with a backup), an HTTP client's key handed over, replaced or rolled back (each key
 * change recorded in the audit log by the keys service), the note of what was written,
 * and on removal, the keys made for the client revoked. Outcomes are data, for each
 * caller to say in its own words.
 */
export class ConnectService {
  readonly #options: ConnectServiceOptions;
  readonly #configs: ClientConfigs;
  readonly #records: ConnectionRecords;

  constructor(options: ConnectServiceOptions) {
    this.#options = options;
    this.#configs = new ClientConfigs(options);
    this.#records = new ConnectionRecords(options.dataDir);
  }

  async connect(request: ConnectRequest): Promise<Connected> {
    const client = CLIENTS[request.client];
    const configFile = await this.#configs.locate(client, request.configFile);
    const dryRun = request.dryRun ?? false;
    if (client.transport === 'stdio') {
      const stdio = await this.#options.reach.bridge(client.id);
      return this.#writeEntry(client, configFile, client.addEdits({ stdio, url: '' }, ''), dryRun);
    }
    const url = this.#options.reach.url();
    const edits = (bearer: string) => client.addEdits({ stdio: NO_BRIDGE, url }, bearer);
    if (request.givenKey !== undefined)
      return this.#writeEntry(client, configFile, edits(`Bearer ${request.givenKey}`), dryRun);
    const placeholder = edits(`Bearer <new key for ${client.id}>`);
    if (dryRun) return this.#writeEntry(client, configFile, placeholder, true);

    const chosen = await this.#options.scopeOf(request.workspaces, request.access ?? 'read');
    // Checked before any key is made: a config that cannot take the entry leaves no stray key.
    await this.#configs.preview(client, configFile, placeholder, false);
    const inFile = await secretInFile(client, configFile);
    const { key, delivered, retired } = await handKeyToClient(
      this.#options.keys,
      keyRequest(client, chosen, inFile, client.keyInFile),
      (given) => this.#configs.write(client, configFile, edits(`Bearer ${given.secret ?? ''}`)),
    );
    return {
      client,
      written: delivered,
      handed: {
        key,
        scope: chosen.scope,
        retired,
        shown: !client.keyInFile && key.source !== 'kept' ? key.secret : undefined,
      },
      unnoted: await this.#remember(client, configFile, delivered),
    };
  }

  /**
   * An HTTP client's key handed over by `deliver` rather than written into its config
   * (Cursor's install link): the same checks and key rules as `connect`. `deliver` gets the
   * edits that would add the entry; the config itself is only read, for its secret.
   */
  async handKey<T>(
    request: ConnectRequest,
    deliver: (edits: ConfigEdit[]) => Promise<T>,
  ): Promise<KeyHandoff<T> & { readonly scope: KeyScope }> {
    const client = CLIENTS[request.client];
    const configFile = await this.#configs.locate(client, request.configFile);
    const url = this.#options.reach.url();
    const chosen = await this.#options.scopeOf(request.workspaces, request.access ?? 'read');
    // A config that cannot be read only means no secret to keep: the link does not need it.
    const inFile = await secretInFile(client, configFile).catch(() => undefined);
    const handoff = await handKeyToClient(
      this.#options.keys,
      keyRequest(client, chosen, inFile, true),
      (key) => deliver(client.addEdits({ stdio: NO_BRIDGE, url }, `Bearer ${key.secret ?? ''}`)),
    );
    return { ...handoff, scope: chosen.scope };
  }

  /**
   * Takes out only Airlock's entry (when the config exists), then revokes every key Airlock
   * made for the client; a key the person made is left alone, whatever its name.
   */
  async remove(
    request: Pick<ConnectRequest, 'client' | 'configFile' | 'dryRun'>,
  ): Promise<Removed> {
    const client = CLIENTS[request.client];
    const configFile =
      request.configFile ?? (await client.locate(this.#options.environment)).configFile;
    const dryRun = request.dryRun ?? false;
    const exists = (await stat(configFile).catch(() => undefined)) !== undefined;
    const edits = client.removeEdits();
    const written = !exists
      ? undefined
      : dryRun
        ? await this.#configs.preview(client, configFile, edits, true)
        : await this.#configs.write(client, configFile, edits);
    // Removed through Airlock: from now on the client is "not connected", not "gone".
    const unnoted = dryRun ? undefined : await this.#forget(client, configFile);
    const removed = { client, configFile, written, unnoted, unlisted: undefined };
    if (client.transport === 'stdio') return { ...removed, madeFor: [], revoked: NO_KEYS_REVOKED };
    let madeFor: string[];
    try {
      madeFor = await this.#keysMadeFor(client);
    } catch (error) {
      return { ...removed, madeFor: [], revoked: NO_KEYS_REVOKED, unlisted: error };
    }
    const revoked = dryRun ? NO_KEYS_REVOKED : await revokeClientKeys(this.#options.keys, madeFor);
    return { ...removed, madeFor, revoked };
  }

  async #writeEntry(
    client: McpClient,
    configFile: string,
    edits: ConfigEdit[],
    dryRun: boolean,
  ): Promise<Connected> {
    const preview = await this.#configs.preview(client, configFile, edits, dryRun);
    if (dryRun) return { client, written: preview, handed: undefined, unnoted: undefined };
    const written = await this.#configs.write(client, configFile, edits);
    return {
      client,
      written,
      handed: undefined,
      unnoted: await this.#remember(client, configFile, written),
    };
  }

  /** From the key list alone: a removal that finds no key made for the client never needs the keychain. */
  async #keysMadeFor(client: McpClient): Promise<string[]> {
    return (await readKeyRecords(this.#options.dataDir))
      .filter((record) => record.madeFor === client.id)
      .sort((a, b) => a.created.localeCompare(b.created))
      .map((record) => record.name);
  }

  /** What Airlock wrote, so that a change by someone else can be told from its own. */
  async #remember(
    client: McpClient,
    configFile: string,
    written: ConfigWriteResult,
  ): Promise<unknown> {
    try {
      await rememberConnection(this.#records, client, configFile, written.after);
      return undefined;
    } catch (error) {
      return error;
    }
  }

  async #forget(client: McpClient, configFile: string): Promise<unknown> {
    try {
      await this.#records.forget(client.id, configFile);
      return undefined;
    } catch (error) {
      return error;
    }
  }
}

function keyRequest(
  client: McpClient,
  chosen: ChosenScope,
  inFile: string | undefined,
  secretNeeded: boolean,
): ClientKeyRequest {
  return { ...chosen, client: client.id, secretInFile: inFile, secretNeeded };
}
