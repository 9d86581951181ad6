import { readFile } from 'node:fs/promises';
import { ENTRY_NAME, type McpClient } from './clients/mcp-client.ts';
import { configValue } from './merge-config.ts';

/** The key in our entry now ("Bearer <key>"), so that connecting again can keep it. */
export async function secretInFile(
  client: McpClient,
  configFile: string,
): Promise<string | undefined> {
  const text = await readFile(configFile, 'utf8').catch(() => '');
  const value = configValue(text);
  const container = client.removeEdits().find((edit) => edit.kind === 'member')?.container;
  const servers = container === undefined ? undefined : value[container];
  if (typeof servers !== 'object' || servers === null || !Object.hasOwn(servers, ENTRY_NAME))
    return undefined;
  const entry = (servers as Record<string, { headers?: { Authorization?: unknown } }>)[ENTRY_NAME];
  const header = entry?.headers?.Authorization;
  return typeof header === 'string' && header.startsWith('Bearer ')
    ? header.slice('Bearer '.length)
    : undefined;
}
