// The Connections page notices when an app drops Airlock: through the IPC handlers, on a
// real app and real files in a fixture home. An app that rewrites its settings without
// Airlock's entry shows it as gone, someone else's edit as changed; Repair is the same
// merge as Connect, with a backup; and while the section watches, a change to a file
// reaches the window as a clientChanged event, until the section stops watching.
import assert from 'node:assert/strict';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ClientView } from '../../../../preload/contract/connection-views.ts';
import { forwardIpcEvents } from '../../../../main/core/app/ipc/ipc-events.ts';
import { configValue } from '../../../../main/core/connect/merge-config.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data, refusal } from '../handlers-fixture.ts';
import { startConnectionsFixture, type ConnectionsFixture } from './connections-fixture.ts';

let sandbox: AppSandbox;
let fixture: ConnectionsFixture;

before(async () => {
  sandbox = await makeAppSandbox();
  fixture = await startConnectionsFixture(sandbox);
});
after(async () => {
  fixture?.watch.stop();
  await sandbox.cleanup();
});

async function listed(id: ClientView['id']): Promise<ClientView> {
  const list = data(await fixture.handlers.listClients(undefined));
  const client = list.clients.find((candidate) => candidate.id === id);
  assert.ok(client, `${id} is listed`);
  return client;
}

/** Saves the file as apps do: a new file renamed over the old. */
async function rewrite(file: string, value: unknown): Promise<void> {
  await writeFile(`${file}.new`, JSON.stringify(value, null, 2));
  await rename(`${file}.new`, file);
}

async function read(file: string): Promise<Record<string, unknown>> {
  return configValue(await readFile(file, 'utf8'));
}

async function backupsOf(file: string): Promise<string[]> {
  const names = await readdir(path.dirname(file));
  return names.filter((name) => name.startsWith(`${path.basename(file)}.airlock-backup-`));
}

describe('an app that drops Airlock', () => {
  it('is connected with nothing to report right after Connect', async () => {
    data(await fixture.handlers.connectClient({ client: 'claude-desktop' }));
    const desktop = await listed('claude-desktop');
    assert.equal(desktop.connected, true);
    assert.equal(desktop.entryDrift, null);
  });

  it('shows the entry as gone when the app rewrote its settings without it', async () => {
    const file = fixture.files.claudeDesktop;
    await rewrite(file, { globalShortcut: 'Alt+Space', mcpServers: {} });
    const desktop = await listed('claude-desktop');
    assert.equal(desktop.connected, false);
    assert.equal(desktop.entryDrift, 'gone');
  });

  it('Repair adds it back with the same merge, keeping a backup and the app’s own settings', async () => {
    const file = fixture.files.claudeDesktop;
    const backups = (await backupsOf(file)).length;
    const result = data(await fixture.handlers.repairClient({ client: 'claude-desktop' }));
    assert.match(
      result.message,
      /^Put Airlock's entry back into Claude Desktop's settings\. A backup/,
    );
    assert.equal(result.client.connected, true);
    assert.equal(result.client.entryDrift, null);
    assert.equal((await backupsOf(file)).length, backups + 1);
    const value = await read(file);
    assert.equal(value.globalShortcut, 'Alt+Space');
    assert.ok((value.mcpServers as Record<string, unknown>).airlock);
  });

  it('shows the entry as changed when someone else edits it, and Repair writes it again', async () => {
    const file = fixture.files.claudeDesktop;
    const value = (await read(file)) as { mcpServers: { airlock: { args: string[] } } };
    value.mcpServers.airlock.args = ['/somewhere/else.js'];
    await rewrite(file, value);
    const desktop = await listed('claude-desktop');
    assert.equal(desktop.connected, true);
    assert.equal(desktop.entryDrift, 'changed');
    data(await fixture.handlers.repairClient({ client: 'claude-desktop' }));
    assert.equal((await listed('claude-desktop')).entryDrift, null);
    const repaired = (await read(file)) as typeof value;
    assert.equal(repaired.mcpServers.airlock.args[0], fixture.pieces.bridgeFile);
  });

  it('is "not connected", not "gone", once removed through Airlock', async () => {
    data(await fixture.handlers.disconnectClient({ client: 'claude-desktop' }));
    const desktop = await listed('claude-desktop');
    assert.equal(desktop.connected, false);
    assert.equal(desktop.entryDrift, null);
  });

  it("repairs an HTTP app with its key's folders and access", async () => {
    data(await fixture.connect('cursor', [sandbox.folderB], 'read'));
    const file = fixture.files.cursor;
    const value = (await read(file)) as { mcpServers: Record<string, unknown> };
    delete value.mcpServers.airlock;
    await rewrite(file, value);
    assert.equal((await listed('cursor')).entryDrift, 'gone');
    const result = data(await fixture.handlers.repairClient({ client: 'cursor' }));
    assert.equal(result.client.entryDrift, null);
    const keys = data(await fixture.handlers.listKeys(undefined)).filter(
      (key) => key.madeFor === 'cursor',
    );
    assert.deepEqual(
      keys.map((key) => ({ workspaces: key.workspaces, access: key.access })),
      [{ workspaces: [sandbox.folderB], access: 'read' }],
    );
    const entry = ((await read(file)).mcpServers as Record<string, { headers: object }>).airlock;
    assert.match(JSON.stringify(entry?.headers), /Bearer alk_/);
  });

  it('refuses to repair an HTTP app whose key is gone, and says to choose its folders', async () => {
    data(await fixture.handlers.revokeKey({ name: 'cursor' }));
    const error = refusal(await fixture.handlers.repairClient({ client: 'cursor' }));
    assert.match(error.message, /Choose them with Change folders\./);
  });
});

describe('watching while the section is open', () => {
  it('sends the fresh view of an app whose file changed, and nothing once unwatched', async () => {
    const events: ClientView[] = [];
    const stopForwarding = forwardIpcEvents(
      { app: fixture.app, clients: fixture.watch },
      (event, payload) => {
        if (event === 'clientChanged') events.push(payload as ClientView);
      },
    );
    try {
      data(await fixture.handlers.connectClient({ client: 'claude-desktop' }));
      const list = data(await fixture.handlers.watchClients({ watcher: 'section-1' }));
      assert.equal(list.clients.find((client) => client.id === 'claude-desktop')?.entryDrift, null);
      assert.ok(fixture.watch.watchedFiles.includes(fixture.files.claudeDesktop));

      await rewrite(fixture.files.claudeDesktop, { mcpServers: {} });
      await eventually(
        () => events.some((view) => view.id === 'claude-desktop' && view.entryDrift === 'gone'),
        'the change reaches the window',
      );

      // A section that closed after a newer one opened does not end the newer one's watch.
      data(await fixture.handlers.unwatchClients({ watcher: 'another-section' }));
      assert.notDeepEqual(fixture.watch.watchedFiles, []);
      data(await fixture.handlers.unwatchClients({ watcher: 'section-1' }));
      assert.deepEqual(fixture.watch.watchedFiles, []);
      const seen = events.length;
      await writeFile(fixture.files.claudeDesktop, '{ "mcpServers": { "x": {} } }');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(events.length, seen, 'no event once the section stopped watching');
    } finally {
      stopForwarding();
    }
  });

  it('refuses a watcher name that is not a short token', async () => {
    const error = refusal(await fixture.handlers.watchClients({ watcher: '../x' }));
    assert.equal(error.code, 'invalid_request');
    assert.deepEqual(fixture.watch.watchedFiles, []);
  });
});
