import path from 'node:path';
import type { ClientEnvironment } from '../../connect/client-environment.ts';
import type { McpClient } from '../../connect/clients/mcp-client.ts';
import type { ConfigEdit } from '../../connect/config-edit.ts';
import { ConnectError } from '../../connect/connect-error.ts';
import {
  assertConfigWritable,
  writeConfigFile,
  type ConfigWriteResult,
} from '../../connect/write-config.ts';

export interface ClientConfigOptions {
  /** Where clients keep their configs, for a request that names no file. */
  readonly environment: ClientEnvironment;
  /** A failure to read or change a client's config, in the caller's words; as it is by default. */
  readonly fileFailure?: (error: unknown, client: McpClient, configFile: string) => unknown;
  /** Writes a client's config: main/core/connect's writer, unless a test makes it fail. */
  readonly writeConfig?: (file: string, edits: readonly ConfigEdit[]) => Promise<ConfigWriteResult>;
}

/**
 * Clients' config files as the connect service finds, checks and changes them, with every
 * failure put in the caller's words (the window names the app and its settings file).
 */
export class ClientConfigs {
  readonly #options: ClientConfigOptions;

  constructor(options: ClientConfigOptions) {
    this.#options = options;
  }

  /**
   * The config the caller named, or the client's own; the client's own only when it seems
   * installed, since writing it would otherwise create settings for an app that is not there.
   */
  async locate(client: McpClient, named: string | undefined): Promise<string> {
    if (named !== undefined) return path.resolve(named);
    const location = await client.locate(this.#options.environment);
    if (!location.detected) {
      const missing = new ConnectError(
        'not_installed',
        `${client.name} does not seem to be installed here (no ${path.dirname(location.configFile)}).`,
      );
      throw this.#failure(missing, client, location.configFile);
    }
    return location.configFile;
  }

  /**
   * What the write would do, refused as the write itself would be; the read-only check is
   * left out of a dry run, which shows the change whatever the file's permissions.
   */
  async preview(
    client: McpClient,
    configFile: string,
    edits: readonly ConfigEdit[],
    dryRun: boolean,
  ): Promise<ConfigWriteResult> {
    try {
      const preview = await writeConfigFile(configFile, edits, { dryRun: true });
      if (!dryRun) await assertConfigWritable(configFile);
      return preview;
    } catch (error) {
      throw this.#failure(error, client, configFile);
    }
  }

  async write(
    client: McpClient,
    configFile: string,
    edits: readonly ConfigEdit[],
  ): Promise<ConfigWriteResult> {
    try {
      return await (this.#options.writeConfig ?? writeConfigFile)(configFile, edits);
    } catch (error) {
      throw this.#failure(error, client, configFile);
    }
  }

  #failure(error: unknown, client: McpClient, configFile: string): unknown {
    return this.#options.fileFailure?.(error, client, configFile) ?? error;
  }
}
