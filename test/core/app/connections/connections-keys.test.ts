// The keys the Connections page makes for apps, on a real app with an in-memory keychain:
// it only ever reuses, rotates or revokes a key it made for that app (never one the person
// made, whatever its name), it makes a new key before giving up the old one, and a failure
// on the way leaves the app with a key that works, or says plainly what to do.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AppError } from '../../../../main/core/app/ipc/app-error.ts';
import { Connections } from '../../../../main/core/app/connections/connections-service.ts';
import { clientEnvironmentOf } from '../../../../main/core/connect/client-environment.ts';
import { entryOfCursorInstallLink } from '../../../../main/core/connect/cursor-install-link.ts';
import { configValue } from '../../../../main/core/connect/merge-config.ts';
import { writeConfigFile } from '../../../../main/core/connect/write-config.ts';
import { KeychainKeyStore } from '../../../../main/core/keys/keychain-key-store.ts';
import { keychainUnavailable } from '../../../../main/core/platform/keychain-unavailable.ts';
import { connectV2 } from '../../../helpers/http-clients.ts';
import { eventually, httpAddress, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data } from '../handlers-fixture.ts';
import { MemoryKeychain } from '../../../helpers/memory-keychain.ts';
import {
  CURSOR_BEFORE,
  startConnectionsFixture,
  type ConnectionsFixture,
} from './connections-fixture.ts';

/** A keychain that can be told to refuse new secrets, while reading and deleting still work. */
class RefusingKeychain extends MemoryKeychain {
  refuseWrites = false;
  override async set(account: string, secret: string): Promise<void> {
    if (this.refuseWrites) throw keychainUnavailable(new Error('the keychain is locked'), 'linux');
    return super.set(account, secret);
  }
}

let sandbox: AppSandbox;
let keychain: RefusingKeychain;
let keyStore: KeychainKeyStore;
let fixture: ConnectionsFixture;
/** When set, writing an app's settings file fails with it. */
let writeFailure: Error | undefined;

beforeEach(async () => {
  sandbox = await makeAppSandbox();
  keychain = new RefusingKeychain();
  keyStore = new KeychainKeyStore({ dataDir: sandbox.dataDir, keychain });
  fixture = await startConnectionsFixture(sandbox, { keyStore });
  writeFailure = undefined;
});
afterEach(async () => sandbox.cleanup());

/** The Connections page's service over the fixture's app, on a Linux home or another. */
function connections(platform: NodeJS.Platform = 'linux'): Connections {
  return new Connections({
    dataDir: sandbox.dataDir,
    workspaces: () => fixture.app.workspaces(),
    httpPort: () => fixture.port,
    environment: clientEnvironmentOf(platform, fixture.home, {}),
    pieces: fixture.pieces,
    keys: { manager: fixture.app.keys, store: keyStore },
    log: sandbox.log,
    writeConfig: async (file, edits) => {
      if (writeFailure) throw writeFailure;
      return writeConfigFile(file, edits);
    },
  });
}

async function keys() {
  return data(await fixture.handlers.listKeys(undefined));
}

async function secretInCursorFile(): Promise<string | undefined> {
  const servers = configValue(await readFile(fixture.files.cursor, 'utf8')).mcpServers as Record<
    string,
    { headers?: { Authorization?: string } }
  >;
  return servers.airlock?.headers?.Authorization?.replace(/^Bearer /, '');
}

/** Whether the app's HTTP server takes the secret now (it reloads keys a moment after a change). */
async function works(secret: string): Promise<boolean> {
  const url = await httpAddress(fixture.app);
  const client = await connectV2(url, secret).catch(() => undefined);
  await client?.close();
  return client !== undefined;
}

async function eventuallyWorks(secret: string): Promise<void> {
  await eventually(() => works(secret), 'the server takes the key');
}

async function rejects(connect: Promise<unknown>): Promise<AppError> {
  try {
    await connect;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error;
  }
  return assert.fail('expected a refusal');
}

describe('a key the person made, with the name of an app', () => {
  it('is never rotated by Connect: the app gets a key of its own, under another name', async () => {
    const own = data(
      await fixture.handlers.createKey({
        name: 'cursor',
        workspaces: [sandbox.folderA],
        access: 'read',
      }),
    );
    const result = await connections().connect({
      client: 'cursor',
      workspaces: [sandbox.folderA],
      access: 'read',
    });
    assert.equal(result.keyName, 'cursor-2');
    assert.match(
      result.message,
      /Cursor uses a new key, "cursor-2" \(can read .*\)\. The name "cursor" belongs to a key you made yourself, which Airlock leaves as it is\./,
    );
    assert.equal(
      keychain.entries.get('key:cursor'),
      own.secret,
      'the person’s secret is unchanged',
    );
    assert.equal(keychain.entries.get('key:cursor-2'), await secretInCursorFile());
    const listed = await keys();
    assert.deepEqual(
      listed.map((key) => [key.name, key.madeFor]),
      [
        ['cursor', null],
        ['cursor-2', 'cursor'],
      ],
    );
    assert.equal(result.client.keyName, 'cursor-2');
    await eventuallyWorks(own.secret);
  });

  it('is never replaced by Connect with other folders, nor revoked by Remove', async () => {
    const own = data(
      await fixture.handlers.createKey({
        name: 'vscode',
        workspaces: [sandbox.folderA],
        access: 'read',
      }),
    );
    const service = connections();
    const first = await service.connect({
      client: 'vscode',
      workspaces: [sandbox.folderB],
      access: 'read',
    });
    assert.equal(first.keyName, 'vscode-2');
    const removed = await service.disconnect('vscode');
    assert.equal(removed.keyRevoked, true);
    assert.match(removed.message, /Its key "vscode-2" was revoked and no longer works\./);
    assert.doesNotMatch(removed.message, /"vscode"/);
    assert.deepEqual(
      (await keys()).map((key) => key.name),
      ['vscode'],
    );
    assert.equal(keychain.entries.get('key:vscode'), own.secret);
    await eventuallyWorks(own.secret);
  });

  it('cannot pass for one made by Connections: the Keys page cannot mark a key', async () => {
    const answer = await fixture.handlers.createKey({
      name: 'cursor',
      workspaces: [sandbox.folderA],
      access: 'read',
      madeFor: 'cursor',
    });
    assert.equal(answer.ok, false);
    assert.deepEqual(await keys(), []);
  });

  it('does not count as the app’s key in the list of apps', async () => {
    data(
      await fixture.handlers.createKey({
        name: 'cursor',
        workspaces: [sandbox.folderA],
        access: 'read',
      }),
    );
    const listed = await connections().list();
    assert.equal(listed.clients.find((client) => client.id === 'cursor')?.keyName, null);
  });
});

describe('changing the key of a connected app, when something fails on the way', () => {
  async function connectCursor(workspaces: string[]): Promise<string> {
    await connections().connect({ client: 'cursor', workspaces, access: 'read' });
    const secret = await secretInCursorFile();
    assert.ok(secret);
    return secret;
  }

  it('leaves the old key working when the new one cannot be made', async () => {
    const old = await connectCursor([sandbox.folderA]);
    keychain.refuseWrites = true;
    await rejects(
      connections().connect({
        client: 'cursor',
        workspaces: [sandbox.folderA, sandbox.folderB],
        access: 'read',
      }),
    );
    keychain.refuseWrites = false;
    assert.deepEqual(
      (await keys()).map((key) => [key.name, key.workspaces]),
      [['cursor', [sandbox.folderA]]],
    );
    assert.equal(keychain.entries.get('key:cursor'), old);
    assert.equal(await secretInCursorFile(), old);
    await eventuallyWorks(old);
  });

  it('puts everything back when the settings file cannot be written after a new key was made', async () => {
    const old = await connectCursor([sandbox.folderA]);
    const before = await readFile(fixture.files.cursor, 'utf8');
    writeFailure = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    const error = await rejects(
      connections().connect({
        client: 'cursor',
        workspaces: [sandbox.folderA, sandbox.folderB],
        access: 'read',
      }),
    );
    assert.match(error.message, /because the disk is full\. Nothing was changed\.$/);
    assert.equal(await readFile(fixture.files.cursor, 'utf8'), before);
    assert.deepEqual(
      (await keys()).map((key) => key.name),
      ['cursor'],
      'the new key was revoked; the old one is still there',
    );
    assert.equal(keychain.entries.get('key:cursor'), old);
    await eventuallyWorks(old);
  });

  it('says that connecting again issues a new secret when a rotated key cannot be written', async () => {
    await connectCursor([sandbox.folderA]);
    // The file lost the secret (edited by hand): connecting again gives the key a new one.
    await writeFile(fixture.files.cursor, CURSOR_BEFORE);
    writeFailure = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    const error = await rejects(
      connections().connect({ client: 'cursor', workspaces: [sandbox.folderA], access: 'read' }),
    );
    assert.match(
      error.message,
      /because the disk is full\. Nothing was changed\. Its key "cursor" had already been given a new secret, which Cursor does not have, so the old secret no longer works: connect Cursor again and Airlock will issue a new one\.$/,
    );
    writeFailure = undefined;
    const again = await connections().connect({
      client: 'cursor',
      workspaces: [sandbox.folderA],
      access: 'read',
    });
    assert.match(again.message, /Cursor's key "cursor" was given a new secret/);
    const secret = await secretInCursorFile();
    assert.equal(keychain.entries.get('key:cursor'), secret);
    await eventuallyWorks(secret ?? '');
  });

  it('revokes an old key left behind by an earlier change once the app holds its new key', async () => {
    await connectCursor([sandbox.folderA]);
    // As if revoking the old key had failed after a change of folders: two keys for Cursor.
    await fixture.app.keys.create({
      name: 'cursor-2',
      workspaces: [sandbox.folderB],
      access: 'read',
      madeFor: 'cursor',
    });
    const result = await connections().connect({
      client: 'cursor',
      workspaces: [sandbox.folderB],
      access: 'read',
    });
    assert.equal(result.keyName, 'cursor-2');
    assert.match(result.message, /Its old key "cursor" was revoked and no longer works\./);
    assert.deepEqual(
      (await keys()).map((key) => key.name),
      ['cursor-2'],
    );
  });
});

describe("Cursor's install link", () => {
  it('is not offered on Linux, and cannot be opened there', async () => {
    const service = connections('linux');
    const cursor = (await service.list()).clients.find((client) => client.id === 'cursor');
    assert.equal(cursor?.installLink, false);
    const opened: string[] = [];
    const error = await rejects(
      service.openCursorInstallLink(
        { workspaces: [sandbox.folderA], access: 'read' },
        async (link) => {
          opened.push(link);
        },
      ),
    );
    assert.equal(error.code, 'unavailable');
    assert.match(error.message, /Use Connect instead/);
    assert.deepEqual(opened, []);
    assert.deepEqual(await keys(), [], 'no key was made');
  });

  it('is offered on macOS, carrying its entry with a working key', async () => {
    const service = connections('darwin');
    const cursor = (await service.list()).clients.find((client) => client.id === 'cursor');
    assert.equal(cursor?.installLink, true);
    const opened: string[] = [];
    const result = await service.openCursorInstallLink(
      { workspaces: [sandbox.folderA], access: 'read' },
      async (link) => {
        opened.push(link);
      },
    );
    assert.match(result.message, /switch to Cursor and choose Install/);
    assert.equal(result.keyName, 'cursor');
    const decoded = entryOfCursorInstallLink(opened[0] ?? '');
    const entry = decoded?.entry as { url: string; headers: { Authorization: string } };
    assert.equal(entry.url, `http://127.0.0.1:${fixture.port}/mcp`);
    const secret = entry.headers.Authorization.slice('Bearer '.length);
    assert.equal(keychain.entries.get('key:cursor'), secret);
    await eventuallyWorks(secret);
  });

  it('leaves the old key working when Cursor cannot be opened for a new one', async () => {
    const service = connections('darwin');
    await service.connect({ client: 'cursor', workspaces: [sandbox.folderA], access: 'read' });
    const old = await secretInCursorFile();
    const error = await rejects(
      service.openCursorInstallLink(
        { workspaces: [sandbox.folderA, sandbox.folderB], access: 'read' },
        async () => {
          throw new Error('no handler for cursor://');
        },
      ),
    );
    assert.equal(
      error.message,
      "Cursor could not be opened. Use Connect instead, which writes Cursor's settings file.",
    );
    assert.ok(
      sandbox.log.lines.some((line) => line.includes('no handler for cursor://')),
      'the reason is in the diagnostics log',
    );
    assert.deepEqual(
      (await keys()).map((key) => key.name),
      ['cursor'],
    );
    assert.equal(keychain.entries.get('key:cursor'), old);
    await eventuallyWorks(old ?? '');
  });
});
