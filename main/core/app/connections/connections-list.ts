import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import type { ClientEnvironment } from '../../connect/client-environment.ts';
import type { AirlockEndpoints, ClientId, McpClient } from '../../connect/clients/mcp-client.ts';
import { airlockEntryOf, type AirlockEntry } from '../../connect/airlock-entry.ts';
import { judgeConnection } from '../../connect/connection-check.ts';
import type { ConnectionRecords } from '../../connect/connection-records.ts';
import { cursorInstallLinkOffered } from '../../connect/cursor-install-link.ts';
import { configValue, mergeConfigText } from '../../connect/merge-config.ts';
import { connectionFailure } from './connections-errors.ts';
import type { ClientKeys } from './connections-key.ts';
import type { ClientView } from '../../../../preload/contract/connection-views.ts';

/**
 * Which apps must be restarted to see a change to their settings. The others read the
 * file again on their own (Cursor, VS Code) or on a refresh (Windsurf).
 */
export const RESTART_REQUIRED: Readonly<Record<ClientId, boolean>> = {
  'claude-desktop': true,
  'claude-code': true,
  cursor: false,
  vscode: false,
  windsurf: false,
};

/** Placeholder endpoints: enough to tell whether a file could take our entry. */
const PROBE: AirlockEndpoints = {
  stdio: { command: '/node', args: ['/airlock-bridge.js'] },
  url: 'http://127.0.0.1:1/mcp',
};

export interface ClientViewContext {
  readonly environment: ClientEnvironment;
  /** By app id, the name of the key Airlock made for that app, when there is one. */
  readonly keyNames: ReadonlyMap<string, string>;
  readonly extensionFile: string | undefined;
  /** What Airlock wrote last into each app's settings. */
  readonly records: ConnectionRecords;
}

/** One app as the Connections page shows it: found or not, connected or not, and why not. */
export async function clientView(
  client: McpClient,
  context: ClientViewContext,
): Promise<ClientView> {
  const location = await client.locate(context.environment);
  const state = await configState(client, location.configFile);
  const record = await context.records.find(client.id, location.configFile);
  // A file that cannot be read says so in `problem`; what became of the entry is unknown.
  const judged = state.entry ? judgeConnection(state.entry, record) : undefined;
  return {
    id: client.id,
    name: client.name,
    installed: location.detected,
    configFile: location.configFile,
    connected: state.connected,
    entryDrift: judged === 'gone' || judged === 'changed' ? judged : null,
    connection: client.transport === 'stdio' ? 'bridge' : 'http',
    restartRequired: RESTART_REQUIRED[client.id],
    afterChange: client.restart,
    keyName: context.keyNames.get(client.id) ?? null,
    problem: state.problem,
    installLink: client.id === 'cursor' && cursorInstallLinkOffered(context.environment.platform),
    extensionFile: client.id === 'claude-desktop' ? (context.extensionFile ?? null) : null,
  };
}

/**
 * Whether our entry is in the file, and whether Airlock could change the file at all: it
 * reads and merges in memory exactly as a connect would, so the page can say what is
 * wrong (with the file's path) before the person tries.
 */
export async function configState(
  client: McpClient,
  configFile: string,
): Promise<{ connected: boolean; problem: string | null; entry: AirlockEntry | undefined }> {
  // Links followed, as the writer does: a linked settings file is edited where it lives.
  const file = await realpath(configFile).catch(() => configFile);
  let text: string;
  try {
    const found = await stat(file);
    if (!found.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { connected: false, problem: null, entry: airlockEntryOf(client, {}) };
    return { connected: false, problem: problemText(error, client, configFile), entry: undefined };
  }
  let entry: AirlockEntry | undefined;
  try {
    entry = airlockEntryOf(client, configValue(text));
    mergeConfigText(text, client.addEdits(PROBE, 'Bearer <key>'));
  } catch (error) {
    return {
      connected: entry?.present ?? false,
      problem: problemText(error, client, configFile),
      entry,
    };
  }
  const readOnly = await isReadOnly(file);
  return {
    connected: entry.present,
    entry,
    problem: readOnly
      ? `${client.name}'s settings file, ${configFile}, is read-only, so Airlock cannot change it. Make it writable, or add Airlock by hand with the text under "Other apps".`
      : null,
  };
}

async function isReadOnly(file: string): Promise<boolean> {
  const mode = (await stat(file)).mode;
  if ((mode & 0o222) === 0) return true;
  return access(file, constants.W_OK).then(
    () => false,
    () => true,
  );
}

function problemText(error: unknown, client: McpClient, file: string): string {
  const failure = connectionFailure(error, client.name, file);
  if (failure instanceof Error && failure !== error) return failure.message;
  return `${client.name}'s settings file, ${file}, could not be read: ${(error as Error).message}`;
}

/** By app id, the key Airlock made for it (the newest, if an old one was left behind). */
export async function keyNamesByClient(keys: ClientKeys): Promise<Map<string, string>> {
  // The list is a file; a keychain that does not answer must not hide the page.
  const listed = await keys.manager.list().catch(() => []);
  const names = new Map<string, string>();
  const oldestFirst = [...listed].sort((a, b) => a.created.localeCompare(b.created));
  for (const key of oldestFirst) if (key.madeFor !== null) names.set(key.madeFor, key.name);
  return names;
}
