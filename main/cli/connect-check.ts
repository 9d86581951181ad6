import path from 'node:path';
import { chooseDataDir } from '../core/config/data-dir.ts';
import type { McpClient } from '../core/connect/clients/mcp-client.ts';
import { checkConnection, type ConnectionState } from '../core/connect/connection-check.ts';
import { ConnectionRecords } from '../core/connect/connection-records.ts';
import { configFileOf, refuseWritingFlags, type ConnectValues } from './connect-flags.ts';
import { say } from './connect-report.ts';

/**
 * Exit codes of `airlock connect CLIENT --check`, so a script can tell what happened to
 * the entry; 1 stays "could not check" (an unreadable file) and 2 a usage mistake.
 */
export const CHECK_EXIT = {
  intact: 0,
  gone: 3,
  changed: 4,
  not_connected: 5,
  unrecorded: 6,
} as const satisfies Record<ConnectionState, number>;

/**
 * `airlock connect CLIENT --check`: whether the client still lists Airlock as Airlock
 * wrote it, in the window's words, and as the exit code.
 */
export async function checkClient(client: McpClient, values: ConnectValues): Promise<void> {
  refuseWritingFlags(client, values);
  const { configFile, location } = await configFileOf(client, values);
  if (!values['config-file'] && !location.detected)
    say(`${client.name} does not seem to be installed here (no ${path.dirname(configFile)}).`);
  const records = new ConnectionRecords(chooseDataDir(values['data-dir']));
  const state = await checkConnection(client, configFile, records);
  // The command that writes the entry again, with the same --config-file and --data-dir.
  const again = [
    `airlock connect ${client.id}`,
    ...(values['config-file'] ? [`--config-file ${JSON.stringify(configFile)}`] : []),
    ...(values['data-dir'] ? [`--data-dir ${JSON.stringify(values['data-dir'])}`] : []),
  ].join(' ');
  say(checkSentence(client, state, configFile, again));
  process.exitCode = CHECK_EXIT[state];
}

function checkSentence(
  client: McpClient,
  state: ConnectionState,
  file: string,
  again: string,
): string {
  const name = client.name;
  switch (state) {
    case 'intact':
      return `${name} lists Airlock as Airlock set it up (${file}).`;
    case 'gone':
      return `${name} no longer lists Airlock. It may have rewritten its settings (${file}). "${again}" adds Airlock back, keeping a backup of the file.`;
    case 'changed':
      return `${name} lists Airlock, but someone else has changed its entry since Airlock wrote it (${file}). "${again}" writes it again, keeping a backup of the file.`;
    case 'not_connected':
      return `${name} is not connected to Airlock: ${file} does not list it.`;
    case 'unrecorded':
      return `${name} lists Airlock (${file}), but Airlock has no record of writing that entry, so it cannot tell whether someone changed it. Run "${again}" once, and Airlock checks it from then on.`;
  }
}
