// `airlock connect` and the window's Connections call one connect service: each test runs
// the same steps through the command line's service (cliConnectService) and through the
// window's Connections, each over its own data dir and in-memory keychain, and expects the
// same keys, the same secrets in the config, and the same audit records from both.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { storeClientKeys } from '../../main/core/app/connections/store-client-keys.ts';
import { Connections } from '../../main/core/app/connections/connections-service.ts';
import { KeysManager } from '../../main/core/app/keys/keys-manager.ts';
import type { AuditEntry } from '../../main/core/audit/audit-record.ts';
import { clientEnvironmentOf } from '../../main/core/connect/client-environment.ts';
import type { ConfigEdit } from '../../main/core/connect/config-edit.ts';
import { configValue } from '../../main/core/connect/merge-config.ts';
import { writeConfigFile } from '../../main/core/connect/write-config.ts';
import { readKeyRecords } from '../../main/core/keys/key-metadata.ts';
import { KeychainKeyStore } from '../../main/core/keys/keychain-key-store.ts';
import { KeysService } from '../../main/core/keys/keys-service.ts';
import { currentPlatform } from '../../main/core/policy/platform.ts';
import { cliConnectService } from '../../main/cli/connect-setup.ts';
import { capturedLog } from '../helpers/captured-log.ts';
import { MemoryKeychain } from '../helpers/memory-keychain.ts';

const root = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-same-rules-')));
after(() => rm(root, { recursive: true, force: true }));
const PORT = 47999;

/** One front end over its own data dir, keychain, Cursor config and audit records. */
interface FrontEnd {
  readonly name: string;
  readonly dataDir: string;
  readonly configFile: string;
  readonly keychain: MemoryKeychain;
  readonly store: KeychainKeyStore;
  readonly recorded: AuditEntry[];
  /** When set, writing the config fails with it (after the preflight checks passed). */
  writeFailure: Error | undefined;
  connect(folders: string[], access: 'read' | 'write'): Promise<unknown>;
  remove(): Promise<unknown>;
}

let made = 0;

async function world(name: string) {
  const dir = path.join(root, `${String((made += 1))}-${name.replace(/ /g, '-')}`);
  const home = path.join(dir, 'home');
  const folders = { a: path.join(dir, 'folder-a'), b: path.join(dir, 'folder-b') };
  await mkdir(folders.a, { recursive: true });
  await mkdir(folders.b, { recursive: true });
  // Cursor is installed in the fixture home, with a config of its own.
  const configFile = path.join(home, '.cursor', 'mcp.json');
  await mkdir(path.dirname(configFile), { recursive: true });
  await writeFile(configFile, '{ "mcpServers": { "notes": { "command": "notes" } } }\n');
  const dataDir = path.join(dir, 'data');
  const keychain = new MemoryKeychain();
  const store = new KeychainKeyStore({ dataDir, keychain });
  const recorded: AuditEntry[] = [];
  const record = async (entry: AuditEntry) => {
    recorded.push(entry);
  };
  const end = { name, dataDir, configFile, keychain, store, recorded, writeFailure: undefined };
  const writeConfig = async (file: string, edits: readonly ConfigEdit[]) => {
    if (end.writeFailure) throw end.writeFailure;
    return writeConfigFile(file, edits);
  };
  return { end, home, folders, record, writeConfig };
}

async function theWindow(): Promise<FrontEnd & { folders: { a: string; b: string } }> {
  const { end, home, folders, record, writeConfig } = await world('window');
  const shared = [folders.a, folders.b].map((folder) => ({
    path: folder,
    access: 'write' as const,
    available: true,
  }));
  const log = capturedLog();
  const manager = new KeysManager({
    store: end.store,
    workspaces: () => shared,
    record,
    log,
    platform: currentPlatform(),
  });
  const connections = new Connections({
    dataDir: end.dataDir,
    workspaces: () => shared,
    httpPort: () => PORT,
    environment: clientEnvironmentOf('linux', home, {}),
    pieces: { bridgeFile: '', nodeExecutable: async () => undefined, extensionFile: undefined },
    keys: { manager, store: end.store },
    log,
    writeConfig,
  });
  return Object.assign(end, {
    folders,
    connect: (chosen: string[], access: 'read' | 'write') =>
      connections.connect({ client: 'cursor', workspaces: chosen, access }),
    remove: () => connections.disconnect('cursor'),
  });
}

async function theCommandLine(): Promise<FrontEnd & { folders: { a: string; b: string } }> {
  const { end, folders, record, writeConfig } = await world('command line');
  const keys = new KeysService({
    store: end.store,
    transport: 'cli',
    record,
    onRecordFailure: () => assert.fail('every record is written'),
  });
  const service = cliConnectService(
    end.dataDir,
    { stdio: { command: '', args: [] }, url: `http://127.0.0.1:${PORT}/mcp` },
    { keys: storeClientKeys(keys, end.store), writeConfig },
  );
  const configFile = end.configFile;
  return Object.assign(end, {
    folders,
    connect: (chosen: string[], access: 'read' | 'write') =>
      service.connect({ client: 'cursor', configFile, workspaces: chosen, access }),
    remove: () => service.remove({ client: 'cursor', configFile }),
  });
}

/** Runs the same steps through both front ends, and returns what each came to. */
async function both<T>(
  steps: (end: FrontEnd & { folders: { a: string; b: string } }) => Promise<T>,
): Promise<[T, T]> {
  const window = await theWindow();
  const commandLine = await theCommandLine();
  return [await steps(window), await steps(commandLine)];
}

/** Keys by name, whom they were made for, and which of the front end's folders they reach. */
async function keysOf(end: FrontEnd & { folders: { a: string; b: string } }) {
  const byPath = new Map([
    [end.folders.a, 'a'],
    [end.folders.b, 'b'],
  ]);
  return (await readKeyRecords(end.dataDir)).map((record) => [
    record.name,
    record.madeFor ?? 'the person',
    record.scope.workspaces === 'all'
      ? 'all'
      : record.scope.workspaces.map((folder) => byPath.get(folder) ?? folder),
  ]);
}

async function bearerInConfig(end: FrontEnd): Promise<string | undefined> {
  const servers = configValue(await readFile(end.configFile, 'utf8')).mcpServers as Record<
    string,
    { headers?: { Authorization?: string } }
  >;
  return servers.airlock?.headers?.Authorization?.replace(/^Bearer /, '');
}

function changes(end: FrontEnd): string[] {
  return end.recorded.map((entry) => `${entry.reason ?? ''}: ${String(entry.detail?.key)}`);
}

async function rejects(work: Promise<unknown>): Promise<void> {
  await assert.rejects(work);
}

describe('one connect service for the command line and the window', () => {
  it('the CLI and the window replace a key whose scope changed the same way', async () => {
    const outcomes = await both(async (end) => {
      await end.connect([end.folders.a], 'read');
      await end.connect([end.folders.b], 'read');
      assert.equal(await bearerInConfig(end), end.keychain.entries.get('key:cursor-2'), end.name);
      return {
        keys: await keysOf(end),
        keychain: [...end.keychain.entries.keys()],
        changes: changes(end),
      };
    });
    assert.deepEqual(outcomes[0], outcomes[1]);
    assert.deepEqual(outcomes[0], {
      keys: [['cursor-2', 'cursor', ['b']]],
      keychain: ['key:cursor-2'],
      changes: ['API key created: cursor', 'API key created: cursor-2', 'API key revoked: cursor'],
    });
  });

  it('the CLI and the window keep the key, and the config, when connected again with the same scope', async () => {
    const outcomes = await both(async (end) => {
      await end.connect([end.folders.a], 'write');
      const before = await readFile(end.configFile, 'utf8');
      await end.connect([end.folders.a], 'write');
      assert.equal(await readFile(end.configFile, 'utf8'), before, end.name);
      return { keys: await keysOf(end), changes: changes(end) };
    });
    assert.deepEqual(outcomes[0], outcomes[1]);
    assert.deepEqual(outcomes[0].changes, ['API key created: cursor']);
  });

  it("the CLI and the window leave a person's own key of the client's name alone the same way", async () => {
    const outcomes = await both(async (end) => {
      const own = await end.store.create('cursor', { workspaces: 'all', access: 'read' });
      await end.connect([end.folders.a], 'read');
      assert.equal(await bearerInConfig(end), end.keychain.entries.get('key:cursor-2'), end.name);
      const connected = await keysOf(end);
      await end.remove();
      assert.equal(end.keychain.entries.get('key:cursor'), own, `${end.name}: the secret stays`);
      return { connected, removed: await keysOf(end), changes: changes(end) };
    });
    assert.deepEqual(outcomes[0], outcomes[1]);
    assert.deepEqual(outcomes[0], {
      connected: [
        ['cursor', 'the person', 'all'],
        ['cursor-2', 'cursor', ['a']],
      ],
      removed: [['cursor', 'the person', 'all']],
      changes: ['API key created: cursor-2', 'API key revoked: cursor-2'],
    });
  });

  it('the CLI and the window revoke every key made for a client when it is removed', async () => {
    const outcomes = await both(async (end) => {
      await end.connect([end.folders.a], 'read');
      // As if revoking an old key had failed after a change of scope: two keys for Cursor.
      await end.store.create(
        'cursor-7',
        { workspaces: 'all', access: 'read' },
        { madeFor: 'cursor' },
      );
      await end.store.create('mine', { workspaces: 'all', access: 'read' });
      await end.remove();
      assert.equal(await bearerInConfig(end), undefined, `${end.name}: the entry is gone`);
      return { keys: await keysOf(end), keychain: [...end.keychain.entries.keys()] };
    });
    assert.deepEqual(outcomes[0], outcomes[1]);
    assert.deepEqual(outcomes[0], {
      keys: [['mine', 'the person', 'all']],
      keychain: ['key:mine'],
    });
  });

  it('the CLI and the window take back the key made for an attempt whose config could not be written', async () => {
    const outcomes = await both(async (end) => {
      await end.connect([end.folders.a], 'read');
      const secret = await bearerInConfig(end);
      end.writeFailure = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      await rejects(end.connect([end.folders.a, end.folders.b], 'read'));
      assert.equal(await bearerInConfig(end), secret, `${end.name}: the config is as it was`);
      assert.equal(end.keychain.entries.get('key:cursor'), secret, `${end.name}: and its key`);
      return { keys: await keysOf(end), changes: changes(end) };
    });
    assert.deepEqual(outcomes[0], outcomes[1]);
    assert.deepEqual(outcomes[0], {
      keys: [['cursor', 'cursor', ['a']]],
      changes: [
        'API key created: cursor',
        'API key created: cursor-2',
        'API key revoked: cursor-2',
      ],
    });
  });

  it('the CLI and the window make no key for a config they could not change', async () => {
    const outcomes = await both(async (end) => {
      await writeFile(end.configFile, '{ "mcpServers": ["not", "an", "object"] }');
      await rejects(end.connect([end.folders.a], 'read'));
      return { keys: await keysOf(end), changes: changes(end) };
    });
    assert.deepEqual(outcomes[0], outcomes[1]);
    assert.deepEqual(outcomes[0], { keys: [], changes: [] });
  });
});
