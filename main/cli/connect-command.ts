import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseDataDir } from '../core/config/data-dir.ts';
import { readSettings } from '../core/settings/read-settings.ts';
import { isClientKeyError } from '../core/app/connections/client-key-error.ts';
import { AppError } from '../core/app/ipc/app-error.ts';
import { claudeMcpAddCommand } from '../core/connect/clients/claude-code.ts';
import { CLIENTS, isClientId } from '../core/connect/clients/client-registry.ts';
import {
  CLIENT_IDS,
  type AirlockEndpoints,
  type McpClient,
} from '../core/connect/clients/mcp-client.ts';
import { isConnectError } from '../core/connect/connect-error.ts';
import { rememberConnection } from '../core/connect/connection-check.ts';
import { ConnectionRecords } from '../core/connect/connection-records.ts';
import { genericSnippets } from '../core/connect/snippet.ts';
import { writeConfigFile } from '../core/connect/write-config.ts';
import { isKeysError } from '../core/keys/keys-error.ts';
import { CommandError } from './command-error.ts';
import { checkClient } from './connect-check.ts';
import {
  configFileOf,
  parseConnectArgs,
  refuseIgnoredScope,
  type ConnectValues as Values,
} from './connect-flags.ts';
import { keysLeftAfterRemoval, writeWithClientKey, type GivenKey } from './connect-key.ts';
import { reportAdd, reportRemove, say } from './connect-report.ts';
import { UsageError } from './usage-error.ts';

// Built, this file is bundled into dist/cli/airlock.js; from source it sits in main/cli.
const distDir = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../dist/' : '../', import.meta.url),
);
const BRIDGE_PATH = path.join(distDir, 'bridge', 'airlock-bridge.js');
const MCPB_PATH = path.join(distDir, 'airlock.mcpb');

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
    return withPlainErrors(() => checkClient(CLIENTS[target], values));
  }
  // The port the servers use is a setting; --port overrides it (tests, unusual setups).
  const port = parsePort(values.port) ?? (await savedHttpPort(values['data-dir']));
  if (target === 'snippet') return printSnippets(airlockEndpoints(port, values['data-dir']));
  if (!isClientId(target))
    throw new UsageError(`Unknown client "${target}". Choose one of: ${known}.`);
  const client = CLIENTS[target];
  refuseIgnoredScope(client, values);
  const endpoints = airlockEndpoints(port, values['data-dir'], client.id);
  return withPlainErrors(() => connect(client, endpoints, values));
}

/** Expected failures (a config that cannot be read or changed, the keychain) as exit 1. */
async function withPlainErrors(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (
      isConnectError(error) ||
      isKeysError(error) ||
      isClientKeyError(error) ||
      error instanceof AppError
    )
      throw new CommandError(error.message);
    if (isFileError(error))
      throw new CommandError(`Could not change the config file: ${error.message}`);
    throw error;
  }
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
  if (values.remove) {
    const result = await writeConfigFile(configFile, client.removeEdits(), { dryRun });
    reportRemove(client, result, dryRun);
    if (!dryRun) await noteConnection(client, configFile, values, undefined);
    if (client.transport === 'http' && result.changed && !dryRun) {
      const advice = await keysLeftAfterRemoval(client, values);
      if (advice !== undefined) say(advice);
    }
    return;
  }
  if (client.transport === 'stdio' && !existsSync(BRIDGE_PATH)) {
    throw new CommandError(
      `The bridge is missing at ${BRIDGE_PATH}. Build Airlock first (npm run build).`,
    );
  }
  // Checked before any key is made: a config we cannot edit must not leave a stray key.
  const placeholder = `Bearer <new key for ${client.id}>`;
  const preview = await writeConfigFile(configFile, client.addEdits(endpoints, placeholder), {
    dryRun: true,
  });
  if (dryRun) {
    const key = process.env.MCP_API_KEY;
    const shown = key
      ? await writeConfigFile(configFile, client.addEdits(endpoints, `Bearer ${key}`), {
          dryRun: true,
        })
      : preview;
    return reportAdd(client, shown, true);
  }
  const write = (bearer: string) => writeConfigFile(configFile, client.addEdits(endpoints, bearer));
  const { result, key } =
    client.transport === 'http'
      ? await writeWithClientKey(client, configFile, values, write)
      : { result: await write('Bearer '), key: undefined };
  reportAdd(client, result, false);
  await noteConnection(client, configFile, values, result.after);
  afterAdding(client, endpoints, key);
}

/**
 * Notes what Airlock wrote (or that it removed its entry), for --check and the window.
 * The config is already written by then: a data dir that cannot take the note is said,
 * not fatal.
 */
async function noteConnection(
  client: McpClient,
  configFile: string,
  values: Values,
  written: string | undefined,
): Promise<void> {
  const records = new ConnectionRecords(chooseDataDir(values['data-dir']));
  try {
    if (written === undefined) await records.forget(client.id, configFile);
    else await rememberConnection(records, client, configFile, written);
  } catch (error) {
    say(
      `Airlock could not note this in its data folder (${(error as Error).message}), so "airlock connect ${client.id} --check" will not know of it.`,
    );
  }
}

function afterAdding(
  client: McpClient,
  endpoints: AirlockEndpoints,
  key: GivenKey | undefined,
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
  if (client.transport === 'http' && !client.keyInFile && key) {
    if (key.source === 'kept') {
      say(
        `${client.name} asks for the key "${key.name}". It is not shown again; to get a new one, run "airlock keys rotate ${key.name}".`,
      );
    } else if (key.source !== 'env' && key.secret !== undefined) {
      say(
        `${client.name} will ask for the Airlock key once and keep it in its secret storage. The key, shown only now:`,
      );
      process.stdout.write(`${key.secret}\n`);
    }
  }
}

function printSnippets(endpoints: AirlockEndpoints): void {
  const { stdio, http } = genericSnippets(endpoints);
  say('For clients that start a local server (stdio), through the Airlock bridge:');
  process.stdout.write(`${stdio}\n`);
  say(`For clients that speak Streamable HTTP, with a key from "airlock keys create NAME":`);
  process.stdout.write(`${http}\n`);
}

/** `clientName` is what the audit log calls the client; without it the bridge asks the client. */
function airlockEndpoints(
  port: number,
  dataDirFlag: string | undefined,
  clientName?: string,
): AirlockEndpoints {
  const explicitDataDir = dataDirFlag ?? process.env.AIRLOCK_DATA_DIR;
  return {
    stdio: {
      command: process.execPath,
      args: [
        BRIDGE_PATH,
        ...(clientName === undefined ? [] : ['--client', clientName]),
        ...(explicitDataDir === undefined ? [] : ['--data-dir', chooseDataDir(explicitDataDir)]),
      ],
    },
    url: `http://127.0.0.1:${port}/mcp`,
  };
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
