import { readFile } from 'node:fs/promises';
import { airlockEntryOf, type AirlockEntry } from './airlock-entry.ts';
import type { McpClient } from './clients/mcp-client.ts';
import type { ConnectionRecord, ConnectionRecords } from './connection-records.ts';
import { configValue } from './merge-config.ts';

/**
 * Airlock's entry in an app's config, against what Airlock wrote there last.
 * `intact`: as Airlock wrote it. `gone`: Airlock wrote it, and it is no longer there (an
 * app that rewrites its own settings drops entries it does not know). `changed`: there,
 * but not as Airlock wrote it. `unrecorded`: there, but Airlock has no record of writing
 * it (added by hand, or by an Airlock from before these records). `not_connected`: never
 * written, or removed through Airlock.
 */
export type ConnectionState = 'intact' | 'gone' | 'changed' | 'unrecorded' | 'not_connected';

export function judgeConnection(
  entry: AirlockEntry,
  record: ConnectionRecord | undefined,
): ConnectionState {
  if (record === undefined) return entry.present ? 'unrecorded' : 'not_connected';
  if (!entry.present) return 'gone';
  return entry.fingerprint === record.fingerprint ? 'intact' : 'changed';
}

/**
 * Reads the app's config (a missing file holds no entry) and judges Airlock's entry in it.
 * A file that cannot be read or parsed throws, as a connect would: nothing can be said.
 */
export async function checkConnection(
  client: McpClient,
  configFile: string,
  records: ConnectionRecords,
): Promise<ConnectionState> {
  const text = await readFile(configFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const entry = airlockEntryOf(client, configValue(text));
  return judgeConnection(entry, await records.find(client.id, configFile));
}

/** After Airlock wrote the app's config: the entry in `written` is Airlock's own from now on. */
export async function rememberConnection(
  records: ConnectionRecords,
  client: McpClient,
  configFile: string,
  written: string,
): Promise<void> {
  const entry = airlockEntryOf(client, configValue(written));
  await records.remember(client.id, configFile, entry.fingerprint);
}
