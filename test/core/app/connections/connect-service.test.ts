// The connect service on its own, over a fixture home, a throwaway data dir and an
// in-memory keychain: what it checks before anything changes, what it writes, the keys it
// makes, rolls back and revokes, and what it leaves for its caller to say.
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isClientKeyError } from '../../../../main/core/app/connections/client-key-error.ts';
import {
  ConnectService,
  type ConnectServiceOptions,
} from '../../../../main/core/app/connections/connect-service.ts';
import { anyFolderScope } from '../../../../main/core/app/connections/connections-scope.ts';
import { storeClientKeys } from '../../../../main/core/app/connections/store-client-keys.ts';
import { clientEnvironmentOf } from '../../../../main/core/connect/client-environment.ts';
import type { ConfigEdit } from '../../../../main/core/connect/config-edit.ts';
import { isConnectError } from '../../../../main/core/connect/connect-error.ts';
import { CONNECTION_RECORDS_FILE } from '../../../../main/core/connect/connection-records.ts';
import { configValue } from '../../../../main/core/connect/merge-config.ts';
import { writeConfigFile } from '../../../../main/core/connect/write-config.ts';
import { keysFilePath, readKeyRecords } from '../../../../main/core/keys/key-metadata.ts';
import { KeysService } from '../../../../main/core/keys/keys-service.ts';
import { storeWithMemoryKeychain, tempDir } from '../../keys/keys-fixture.ts';

const URL_ = 'http://127.0.0.1:47999/mcp';
const CURSOR_BEFORE = '{ "mcpServers": { "notes": { "command": "notes" } } }\n';

async function fixture(overrides: Partial<ConnectServiceOptions> = {}) {
  const { store, keychain, dataDir } = await storeWithMemoryKeychain();
  const home = path.join(await tempDir('airlock-connect-service-'), 'home');
  const cursorFile = path.join(home, '.cursor', 'mcp.json');
  await mkdir(path.dirname(cursorFile), { recursive: true });
  await writeFile(cursorFile, CURSOR_BEFORE);
  const keysService = new KeysService({
    store,
    transport: 'cli',
    record: async () => undefined,
    onRecordFailure: () => assert.fail('every record is written'),
  });
  let writeFailure: Error | undefined;
  const service = new ConnectService({
    dataDir,
    environment: clientEnvironmentOf('linux', home, {}),
    keys: storeClientKeys(keysService, store),
    reach: {
      bridge: async (client) => ({ command: '/node', args: ['/bridge.js', '--client', client] }),
      url: () => URL_,
    },
    scopeOf: anyFolderScope,
    writeConfig: async (file: string, edits: readonly ConfigEdit[]) => {
      if (writeFailure) throw writeFailure;
      return writeConfigFile(file, edits);
    },
    ...overrides,
  });
  return {
    service,
    store,
    keychain,
    dataDir,
    home,
    cursorFile,
    failWrites: (error: Error | undefined) => {
      writeFailure = error;
    },
  };
}

async function bearerIn(file: string): Promise<string | undefined> {
  const servers = configValue(await readFile(file, 'utf8')).mcpServers as Record<
    string,
    { headers?: { Authorization?: string } }
  >;
  return servers.airlock?.headers?.Authorization;
}

async function keyNames(dataDir: string): Promise<string[]> {
  return (await readKeyRecords(dataDir)).map((record) => record.name);
}

describe('connecting a client', () => {
  it('refuses a client that does not seem to be installed, unless the caller names its config', async () => {
    const { service, home, dataDir } = await fixture();
    await assert.rejects(service.connect({ client: 'windsurf' }), (error) =>
      isConnectError(error, 'not_installed'),
    );
    const named = path.join(home, 'windsurf-to-be.json');
    const connected = await service.connect({ client: 'windsurf', configFile: named });
    assert.equal(connected.written.created, true);
    assert.deepEqual(await keyNames(dataDir), ['windsurf']);
  });

  it('refuses a read-only config before it makes a key', async () => {
    const { service, cursorFile, dataDir } = await fixture();
    await chmod(cursorFile, 0o444);
    await assert.rejects(service.connect({ client: 'cursor' }), (error) =>
      isConnectError(error, 'read_only'),
    );
    assert.deepEqual(await keyNames(dataDir), []);
    assert.equal(await readFile(cursorFile, 'utf8'), CURSOR_BEFORE);
  });

  it('puts a failure to read or change the config in the words of the caller', async () => {
    const { service, cursorFile } = await fixture({
      fileFailure: (error, client, file) => new Error(`${client.name}: ${file}: ${String(error)}`),
    });
    await writeFile(cursorFile, '{ not json');
    await assert.rejects(service.connect({ client: 'cursor' }), (error: Error) =>
      error.message.startsWith(`Cursor: ${cursorFile}: ConnectError`),
    );
  });

  it('writes a key the caller holds as it is, and makes or stores no key', async () => {
    const { service, cursorFile, keychain, dataDir } = await fixture();
    const connected = await service.connect({ client: 'cursor', givenKey: 'k-held' });
    assert.equal(connected.handed, undefined);
    assert.equal(await bearerIn(cursorFile), 'Bearer k-held');
    assert.deepEqual(await keyNames(dataDir), []);
    assert.deepEqual(keychain.calls, []);
  });

  it('on a dry run shows the entry with a placeholder key, and writes and makes nothing', async () => {
    const { service, cursorFile, keychain } = await fixture();
    const shown = await service.connect({ client: 'cursor', dryRun: true });
    assert.equal(shown.written.changed, true);
    assert.match(shown.written.after, /"Bearer <new key for cursor>"/);
    assert.equal(await readFile(cursorFile, 'utf8'), CURSOR_BEFORE);
    assert.deepEqual(keychain.calls, []);
  });

  it('gives a stdio client the bridge and no key', async () => {
    const { service, home, dataDir } = await fixture();
    await mkdir(path.join(home, '.config', 'Claude'), { recursive: true });
    const connected = await service.connect({ client: 'claude-desktop' });
    assert.equal(connected.handed, undefined);
    const servers = configValue(connected.written.after).mcpServers as Record<string, unknown>;
    assert.deepEqual(servers.airlock, {
      command: '/node',
      args: ['/bridge.js', '--client', 'claude-desktop'],
    });
    assert.deepEqual(await keyNames(dataDir), []);
  });

  it('shows a secret only to a client that keeps its key itself, and only a new one', async () => {
    const { service, home, keychain } = await fixture();
    await mkdir(path.join(home, '.config', 'Code', 'User'), { recursive: true });
    const first = await service.connect({ client: 'vscode' });
    assert.equal(first.handed?.shown, keychain.entries.get('key:vscode'));
    assert.ok(!first.written.after.includes(first.handed?.shown ?? '-'), 'never in the config');
    const again = await service.connect({ client: 'vscode' });
    assert.equal(again.handed?.key.source, 'kept');
    assert.equal(again.handed?.shown, undefined);
    const cursor = await service.connect({ client: 'cursor' });
    assert.equal(cursor.handed?.shown, undefined, 'Cursor has it in its config');
  });

  it('says which key lost its secret when a rotated key could not be written', async () => {
    const { service, cursorFile, keychain, failWrites } = await fixture();
    await service.connect({ client: 'cursor' });
    // The config lost its secret: connecting again gives the key a new one.
    await writeFile(cursorFile, CURSOR_BEFORE);
    const full = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    failWrites(full);
    const old = keychain.entries.get('key:cursor');
    await assert.rejects(service.connect({ client: 'cursor' }), (error) => {
      assert.ok(isClientKeyError(error));
      assert.equal(error.code, 'secret_not_delivered');
      assert.equal(error.keyName, 'cursor');
      assert.equal(error.cause, full);
      return true;
    });
    assert.notEqual(keychain.entries.get('key:cursor'), old, 'the rotation stands');
  });

  it('connects all the same when what it wrote cannot be noted, and says why', async () => {
    const { service, dataDir, cursorFile } = await fixture();
    // A folder where the note's file goes: the note cannot be written.
    await mkdir(path.join(dataDir, CONNECTION_RECORDS_FILE), { recursive: true });
    const connected = await service.connect({ client: 'cursor' });
    assert.ok(connected.unnoted instanceof Error);
    assert.match((await bearerIn(cursorFile)) ?? '', /^Bearer alk_/);
  });
});

describe('removing a client', () => {
  it('reads which keys were made for it from the key list alone: none found, no keychain asked', async () => {
    const { service, cursorFile, keychain } = await fixture();
    await service.connect({ client: 'cursor', givenKey: 'k-held' });
    const removed = await service.remove({ client: 'cursor' });
    assert.equal(removed.written?.changed, true);
    assert.deepEqual(removed.madeFor, []);
    assert.deepEqual(keychain.calls, []);
    assert.deepEqual(configValue(await readFile(cursorFile, 'utf8')), configValue(CURSOR_BEFORE));
  });

  it('on a dry run names the keys made for it, and revokes none and writes nothing', async () => {
    const { service, cursorFile, dataDir } = await fixture();
    await service.connect({ client: 'cursor' });
    const before = await readFile(cursorFile, 'utf8');
    const removed = await service.remove({ client: 'cursor', dryRun: true });
    assert.deepEqual(removed.madeFor, ['cursor']);
    assert.deepEqual(removed.revoked.revoked, []);
    assert.equal(removed.written?.changed, true);
    assert.equal(await readFile(cursorFile, 'utf8'), before);
    assert.deepEqual(await keyNames(dataDir), ['cursor']);
  });

  it('names each key it could not revoke with its error, and still revokes the others', async () => {
    const { service, store, keychain, dataDir } = await fixture();
    await service.connect({ client: 'cursor' });
    await store.create('cursor-2', { workspaces: 'all', access: 'read' }, { madeFor: 'cursor' });
    // The keychain refuses once: the first key stays, the second goes.
    const original = keychain.get.bind(keychain);
    let refusals = 1;
    keychain.get = async (account) => {
      if (refusals-- > 0) throw new Error('the keychain is locked');
      return original(account);
    };
    const removed = await service.remove({ client: 'cursor' });
    assert.deepEqual(removed.madeFor, ['cursor', 'cursor-2']);
    assert.deepEqual(removed.revoked.revoked, ['cursor-2']);
    assert.deepEqual(
      removed.revoked.failed.map(({ name }) => name),
      ['cursor'],
    );
    assert.deepEqual(await keyNames(dataDir), ['cursor']);
  });

  it('says why it could not look up the keys made for the client, and revokes none', async () => {
    const { service, dataDir } = await fixture();
    await service.connect({ client: 'cursor' });
    await writeFile(keysFilePath(dataDir), '{ damaged');
    const removed = await service.remove({ client: 'cursor' });
    assert.ok(removed.unlisted instanceof Error);
    assert.deepEqual(removed.revoked.revoked, []);
  });
});
