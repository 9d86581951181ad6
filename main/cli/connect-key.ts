import { handKeyToClient } from '../core/app/connections/client-key-handoff.ts';
import { secretInFile } from '../core/connect/entry-secret.ts';
import { keySentence } from '../core/app/connections/connections-messages.ts';
import { storeClientKeys } from '../core/app/connections/store-client-keys.ts';
import { keychainService } from '../core/config/keychain-service.ts';
import { chooseDataDir } from '../core/config/data-dir.ts';
import type { McpClient } from '../core/connect/clients/mcp-client.ts';
import type { ConfigWriteResult } from '../core/connect/write-config.ts';
import { readKeyRecords } from '../core/keys/key-metadata.ts';
import { createKeyScope } from '../core/keys/key-scope.ts';
import { KeychainKeyStore } from '../core/keys/keychain-key-store.ts';
import { KeysService } from '../core/keys/keys-service.ts';
import { openSystemKeychain } from '../core/platform/system-keychain.ts';
import type { ConnectValues } from './connect-flags.ts';
import { say } from './connect-report.ts';
import { recordCliEntry } from './record-settings-change.ts';

/**
 * The key an HTTP client was given, and where it came from (which decides what may be
 * printed): `env` is MCP_API_KEY; the others are the window's (see `keyForClient`).
 */
export interface GivenKey {
  readonly name: string;
  /** Undefined when the key is kept and the client holds the secret itself (VS Code). */
  readonly secret: string | undefined;
  readonly source: 'env' | 'created' | 'kept' | 'rotated' | 'replaced';
}

/**
 * Writes an HTTP client's entry with its key, under the rules the window's Connect follows
 * (only a key made for this client is reused; a person's own key of the same name is left
 * alone). MCP_API_KEY, when set, is used instead and nothing is stored (headless setups).
 */
export async function writeWithClientKey(
  client: McpClient,
  configFile: string,
  values: ConnectValues,
  write: (bearer: string) => Promise<ConfigWriteResult>,
): Promise<{ result: ConfigWriteResult; key: GivenKey }> {
  const fromEnv = process.env.MCP_API_KEY;
  if (fromEnv) {
    // That key's reach is whatever the server it is given to allows, not --workspace's.
    const scoped = values.workspace !== undefined || values['allow-write'];
    say(
      `Using the key in MCP_API_KEY; no key was stored in the keychain${scoped ? ', so --workspace and --allow-write were not applied to a key' : ''}.`,
    );
    const result = await write(`Bearer ${fromEnv}`);
    return { result, key: { name: 'MCP_API_KEY', secret: fromEnv, source: 'env' } };
  }
  const dataDir = chooseDataDir(values['data-dir']);
  const folders = values.workspace ?? [];
  const access = values['allow-write'] ? 'write' : 'read';
  const scope = await createKeyScope(folders, access);
  const store = new KeychainKeyStore({ dataDir, keychain: openSystemKeychain(keychainService()) });
  const service = new KeysService({
    store,
    transport: 'cli',
    record: (entry) => recordCliEntry(dataDir, entry),
    // The key is made and about to be handed over: a record that failed is said, not fatal.
    onRecordFailure: (entry, error) =>
      say(
        `The change was made, but "${entry.reason ?? ''}" could not be recorded in the audit log: ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  const keys = storeClientKeys(service, store);
  const request = {
    client: client.id,
    appName: client.name,
    folders,
    access,
    scope,
    secretInFile: await secretInFile(client, configFile),
    secretNeeded: client.keyInFile,
  } as const;
  const { key, delivered, retired } = await handKeyToClient(keys, request, (given) =>
    write(`Bearer ${given.secret ?? ''}`),
  );
  say(keySentence(client, key, scope, retired));
  return { result: delivered, key };
}

/**
 * After `--remove`: the keys made for the client still work, so they are named for
 * revoking. Only those: a key the person made is theirs, even with the client's name.
 * Read from the key list alone, so a removal never needs the keychain.
 */
export async function keysLeftAfterRemoval(
  client: McpClient,
  values: ConnectValues,
): Promise<string | undefined> {
  const records = await readKeyRecords(chooseDataDir(values['data-dir'])).catch(() => undefined);
  if (records === undefined) return 'Its key may still exist; see "airlock keys list".';
  const names = records.filter((record) => record.madeFor === client.id).map((r) => r.name);
  if (names.length === 0) return undefined;
  if (names.length === 1)
    return `The key "${names[0]}" made for it still works; remove it too with "airlock keys revoke ${names[0]}".`;
  const commands = names.map((name) => `"airlock keys revoke ${name}"`).join(' and ');
  return `The keys made for it still work; remove them too with ${commands}.`;
}
