import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ConnectService, HandedKey } from '../core/app/connections/connect-service.ts';
import { AppError } from '../core/app/ipc/app-error.ts';
import { chooseDataDir } from '../core/config/data-dir.ts';
import { claudeMcpAddCommand } from '../core/connect/clients/claude-code.ts';
import { CLIENTS, isClientId } from '../core/connect/clients/client-registry.ts';
import {
  CLIENT_IDS,
  type AirlockEndpoints,
  type McpClient,
} from '../core/connect/clients/mcp-client.ts';
import { isConnectError } from '../core/connect/connect-error.ts';
import { genericSnippets } from '../core/connect/snippet.ts';
import { isKeysError } from '../core/keys/keys-error.ts';
import { readSettings } from '../core/settings/read-settings.ts';
import { CommandError } from './command-error.ts';
import { checkClient } from './connect-check.ts';
import {
  configFileOf,
  parseConnectArgs,
  refuseIgnoredScope,
  type ConnectValues as Values,
} from './connect-flags.ts';
import { clientKeyFailureText, handedKeyText, removedKeysText } from './connect-key-text.ts';
import { reportAdd, reportRemove, reportUnnoted, say } from './connect-report.ts';
import { airlockEndpoints, cliConnectService, MCPB_PATH } from './connect-setup.ts';
import { UsageError } from './usage-error.ts';

/**
 * `airlock connect CLIENT`: adds Airlock to an MCP client's config, merging into what is
 * there (never replacing it). Messages go to stderr; stdout carries only what a person
 * copies: a diff, a snippet, or a new key that the client keeps in its own secret store.
 */
export async function connectCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseConnectArgs(args);
  const [target, ...extra] = positionals;
  const known = [...CLIENT_IDS, 'snippet'].join(', ');
  if (target === undefined || extra.length > 0)
    throw new UsageError(`"airlock connect" needs exactly one client: ${known}.`);
  if (values.check) {
    if (!isClientId(target))
      throw new UsageError(`--check needs one of these clients: ${CLIENT_IDS.join(', ')}.`);
    return withPlainErrors(undefined, () => checkClient(CLIENTS[target], values));
  }
  // The port the servers use is a setting; --port overrides it (tests, unusual setups).
  const port = parsePort(values.port) ?? (await savedHttpPort(values['data-dir']));
  if (target === 'snippet') return printSnippets(airlockEndpoints(port, values['data-dir']));
  if (!isClientId(target))
    throw new UsageError(`Unknown client "${target}". Choose one of: ${known}.`);
  const client = CLIENTS[target];
  refuseIgnoredScope(client, values);
  const endpoints = airlockEndpoints(port, values['data-dir'], client.id);
  return withPlainErrors(client, () => connect(client, endpoints, values));
}

/**
 * Expected failures (a config that cannot be read or changed, the keychain, a key that
 * could not be handed over) as exit 1, in the command line's words.
 */
async function withPlainErrors(client: McpClient | undefined, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    const keyFailure = client && clientKeyFailureText(error, client, plainMessage);
    if (keyFailure !== undefined) throw new CommandError(keyFailure);
    if (
      isConnectError(error) ||
      isKeysError(error) ||
      error instanceof AppError ||
      isFileError(error)
    )
      throw new CommandError(plainMessage(error));
    throw error;
  }
}

function plainMessage(error: unknown): string {
  if (isFileError(error)) return `Could not change the config file: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function connect(
  client: McpClient,
  endpoints: AirlockEndpoints,
  values: Values,
): Promise<void> {
  const { configFile, location } = await configFileOf(client, values);
  const dryRun = values['dry-run'] ?? false;
  if (!values['config-file'] && !location.detected) {
    const notInstalled = `${client.name} does not seem to be installed here (no ${path.dirname(configFile)})`;
    // A removal never creates a file, and a dry run writes nothing.
    if (values.remove) say(`${notInstalled}.`);
    else if (dryRun) say(`${notInstalled}; a real run would write its config anyway.`);
    else say(`${notInstalled}; writing its config anyway.`);
  }
  const service = cliConnectService(chooseDataDir(values['data-dir']), endpoints);
  if (values.remove) return removeFrom(client, service, configFile, dryRun);
  return addTo(client, service, configFile, endpoints, values);
}

async function removeFrom(
  client: McpClient,
  service: ConnectService,
  configFile: string,
  dryRun: boolean,
): Promise<void> {
  const removed = await service.remove({ client: client.id, configFile, dryRun });
  reportRemove(client, configFile, removed.written, dryRun);
  reportUnnoted(client, removed.unnoted);
  const keys = removedKeysText(removed, dryRun);
  if (keys !== undefined) say(keys);
}

async function addTo(
  client: McpClient,
  service: ConnectService,
  configFile: string,
  endpoints: AirlockEndpoints,
  values: Values,
): Promise<void> {
  const dryRun = values['dry-run'] ?? false;
  // MCP_API_KEY, when set, is used instead of a key made for the client (headless setups).
  const givenKey = (client.transport === 'http' && process.env.MCP_API_KEY) || undefined;
  if (givenKey !== undefined && !dryRun) {
    // That key's reach is whatever the server it is given to allows, not --workspace's.
    const scoped = values.workspace !== undefined || values['allow-write'];
    say(
      `Using the key in MCP_API_KEY; no key was stored in the keychain${scoped ? ', so --workspace and --allow-write were not applied to a key' : ''}.`,
    );
  }
  const connected = await service.connect({
    client: client.id,
    configFile,
    workspaces: values.workspace,
    access: values['allow-write'] ? 'write' : 'read',
    givenKey,
    dryRun,
  });
  if (connected.handed) say(handedKeyText(client, connected.handed));
  reportAdd(client, connected.written, dryRun);
  if (dryRun) return;
  reportUnnoted(client, connected.unnoted);
  afterAdding(client, endpoints, connected.handed);
}

function afterAdding(
  client: McpClient,
  endpoints: AirlockEndpoints,
  handed: HandedKey | undefined,
): void {
  if (client.id === 'claude-desktop' && existsSync(MCPB_PATH)) {
    say(
      `Or install Airlock as a Claude Desktop extension instead: open ${MCPB_PATH} (Settings > Extensions > Install Extension).`,
    );
  }
  if (client.id === 'claude-code') {
    say(
      `The same entry as a command (instead of this file):\n  ${claudeMcpAddCommand(endpoints.url)}`,
    );
  }
  if (handed?.shown !== undefined) {
    say(
      `${client.name} will ask for the Airlock key once and keep it in its secret storage. The key, shown only now:`,
    );
    process.stdout.write(`${handed.shown}\n`);
  } else if (handed && !client.keyInFile) {
    const name = handed.key.name;
    say(
      `${client.name} asks for the key "${name}". It is not shown again; to get a new one, run "airlock keys rotate ${name}".`,
    );
  }
}

function printSnippets(endpoints: AirlockEndpoints): void {
  const { stdio, http } = genericSnippets(endpoints);
  say('For clients that start a local server (stdio), through the Airlock bridge:');
  process.stdout.write(`${stdio}\n`);
  say(`For clients that speak Streamable HTTP, with a key from "airlock keys create NAME":`);
  process.stdout.write(`${http}\n`);
}

async function savedHttpPort(dataDir: string | undefined): Promise<number> {
  const port = (await readSettings(chooseDataDir(dataDir))).http.port;
  if (port === 0) {
    throw new UsageError(
      'The HTTP port is set to 0 (any free port), so a client cannot be told where Airlock listens. Set a fixed port, or pass --port.',
    );
  }
  return port;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new UsageError(`--port must be a number from 1 to 65535, not "${value}".`);
  return port;
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    'syscall' in error
  );
}
