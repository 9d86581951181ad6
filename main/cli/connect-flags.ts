import path from 'node:path';
import { parseArgs } from 'node:util';
import { processClientEnvironment } from '../core/connect/client-environment.ts';
import type { ClientLocation, McpClient } from '../core/connect/clients/mcp-client.ts';
import { UsageError } from './usage-error.ts';
import { namedWorkspaces } from './workspace-flags.ts';

const OPTIONS = {
  'config-file': { type: 'string' },
  'dry-run': { type: 'boolean' },
  remove: { type: 'boolean' },
  check: { type: 'boolean' },
  workspace: { type: 'string', multiple: true },
  'allow-write': { type: 'boolean' },
  'data-dir': { type: 'string' },
  port: { type: 'string' },
} as const;

export function parseConnectArgs(args: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Refused here, for every client, before a config is read or a key is made.
  namedWorkspaces(parsed.values.workspace);
  return parsed;
}

export type ConnectValues = ReturnType<typeof parseConnectArgs>['values'];

/**
 * --workspace and --allow-write choose what an HTTP client's new key may reach. Where no
 * key is made they would do nothing, so they are refused rather than silently ignored.
 */
export function refuseIgnoredScope(client: McpClient, values: ConnectValues): void {
  const given = [
    ...(values.workspace !== undefined ? ['--workspace'] : []),
    ...(values['allow-write'] ? ['--allow-write'] : []),
  ];
  if (given.length === 0) return;
  const flags = given.join(' and ');
  const leaveOut = `Leave ${given.length > 1 ? 'them' : 'it'} out`;
  if (client.transport === 'stdio') {
    throw new UsageError(
      `${client.name} starts the Airlock bridge, which gives it the folders shared in the Airlock app (or by "airlock serve --socket"), so ${flags} would change nothing. ${leaveOut}, and choose the folders there.`,
    );
  }
  if (values.remove)
    throw new UsageError(`--remove makes no key, so ${flags} would change nothing. ${leaveOut}.`);
}

/** `--check` only reads: the flags that shape what is written have no place in it. */
export function refuseWritingFlags(client: McpClient, values: ConnectValues): void {
  const writing = (['dry-run', 'remove', 'workspace', 'allow-write', 'port'] as const).filter(
    (flag) => values[flag] !== undefined,
  );
  if (writing.length > 0) {
    throw new UsageError(
      `--check only reads ${client.name}'s config; it takes --config-file and --data-dir, not --${writing.join(', --')}.`,
    );
  }
}

/** The client's config: --config-file when given, else where the client keeps it. */
export async function configFileOf(
  client: McpClient,
  values: ConnectValues,
): Promise<{ configFile: string; location: ClientLocation }> {
  const location = await client.locate(processClientEnvironment());
  const configFile = values['config-file']
    ? path.resolve(values['config-file'])
    : location.configFile;
  return { configFile, location };
}
