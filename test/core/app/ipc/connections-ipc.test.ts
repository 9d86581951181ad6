// The Connections page's channels, through the IPC handlers the shell registers, on a real
// app with an in-memory keychain and a fixture home: apps are found or not, Airlock is
// merged into their settings (other servers kept, a backup made), HTTP apps get a key for
// the folders the person chose, which works over HTTP at once, and removal takes out only
// our entry. Every refusal says what is wrong in plain words and changes nothing.
import assert from 'node:assert/strict';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ClientView } from '../../../../preload/contract/connection-views.ts';
import { createIpcHandlers } from '../../../../main/core/app/ipc/ipc-handlers.ts';
import { configValue } from '../../../../main/core/connect/merge-config.ts';
import { connectV2, resultText } from '../../../helpers/http-clients.ts';
import { eventually, httpAddress, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data, refusal } from '../handlers-fixture.ts';
import {
  CURSOR_BEFORE,
  startConnectionsFixture,
  VSCODE_BEFORE,
  type ConnectionsFixture,
} from '../connections/connections-fixture.ts';
import type { WorkspaceAccess } from '../../../../preload/contract/vocabulary.ts';
import { isApiKeyShaped } from '../../../../preload/contract/api-key.ts';

let sandbox: AppSandbox;
let fixture: ConnectionsFixture;

before(async () => {
  sandbox = await makeAppSandbox();
  fixture = await startConnectionsFixture(sandbox);
});
after(async () => sandbox.cleanup());

async function listed(id: ClientView['id']): Promise<ClientView> {
  const list = data(await fixture.handlers.listClients(undefined));
  const client = list.clients.find((candidate) => candidate.id === id);
  assert.ok(client, `${id} is listed`);
  return client;
}

async function backupsOf(file: string): Promise<string[]> {
  const names = await readdir(path.dirname(file));
  return names.filter((name) => name.startsWith(`${path.basename(file)}.airlock-backup-`));
}

function airlockEntry(text: string, container = 'mcpServers'): Record<string, unknown> {
  const servers = configValue(text)[container] as Record<string, Record<string, unknown>>;
  assert.ok(servers.airlock, 'the airlock entry is there');
  return servers.airlock;
}

function bearerOf(entry: Record<string, unknown>): string {
  const header = (entry.headers as { Authorization: string }).Authorization;
  assert.match(header, /^Bearer /);
  return header.slice('Bearer '.length);
}

async function keyNamed(name: string) {
  return data(await fixture.handlers.listKeys(undefined)).find((key) => key.name === name);
}

/**
 * The folders the key in the file can reach, asked of the app's HTTP server with the SDK.
 * A running server takes up a new key when it sees the key list change, a moment later.
 */
async function foldersReachedWith(secret: string): Promise<string> {
  const url = await httpAddress(fixture.app);
  let client: Awaited<ReturnType<typeof connectV2>> | undefined;
  await eventually(async () => {
    client = await connectV2(url, secret).catch(() => undefined);
    return client !== undefined;
  }, 'the server takes the key');
  assert.ok(client);
  try {
    return resultText(await client.callTool({ name: 'list_allowed_directories', arguments: {} }));
  } finally {
    await client.close();
  }
}

describe('listing the apps Airlock can connect', () => {
  it('finds the apps installed in the home and where each keeps its settings', async () => {
    const list = data(await fixture.handlers.listClients(undefined));
    const byId = Object.fromEntries(list.clients.map((client) => [client.id, client]));
    assert.deepEqual(
      list.clients.map((client) => [client.id, client.installed]),
      [
        ['claude-desktop', true],
        ['cursor', true],
        ['vscode', true],
        ['windsurf', false],
        ['claude-code', false],
      ],
    );
    assert.equal(byId.cursor?.configFile, fixture.files.cursor);
    assert.equal(byId.vscode?.configFile, fixture.files.vscode);
    assert.equal(byId['claude-desktop']?.configFile, fixture.files.claudeDesktop);
    assert.equal(byId.windsurf?.configFile, fixture.files.windsurf);
    assert.ok(list.clients.every((client) => !client.connected && client.problem === null));
    assert.equal(list.httpProblem, null);
    assert.equal(list.bridgeProblem, null);
  });

  it('says how each connects, which must be restarted, and what else it offers', async () => {
    const desktop = await listed('claude-desktop');
    assert.equal(desktop.connection, 'bridge');
    assert.equal(desktop.restartRequired, true);
    assert.equal(desktop.extensionFile, fixture.pieces.extensionFile);
    const cursor = await listed('cursor');
    assert.equal(cursor.connection, 'http');
    assert.equal(cursor.restartRequired, false);
    // Not on Linux, where the link would put the key on command lines others can read.
    assert.equal(cursor.installLink, false);
    assert.equal(cursor.extensionFile, null);
    assert.equal((await listed('vscode')).installLink, false);
  });
});

describe('connecting an app over HTTP', () => {
  let firstSecret = '';

  it('merges Airlock into Cursor, keeping its other servers and comments, after a backup', async () => {
    const result = data(await fixture.connect('cursor', [sandbox.folderA], 'read'));
    assert.equal(result.changed, true);
    assert.equal(result.configFile, fixture.files.cursor);
    assert.ok(result.backup);
    assert.equal(await readFile(result.backup, 'utf8'), CURSOR_BEFORE);
    assert.equal(result.secret, null, 'the key is in the file: it is not shown');
    assert.equal(result.keyName, 'cursor');
    assert.match(
      result.message,
      /^Added Airlock to Cursor\. A backup of your old settings is at .+airlock-backup-\d{8}T\d{6}Z\. /,
    );
    assert.match(result.message, /uses a new key, "cursor" \(can read /);

    const text = await readFile(fixture.files.cursor, 'utf8');
    assert.ok(text.includes('// my servers'), 'the comment stays');
    const value = configValue(text);
    assert.deepEqual((value.mcpServers as Record<string, unknown>).notes, {
      command: '/usr/bin/notes-server',
      args: ['--quiet'],
    });
    assert.equal(value.theme, 'dark');
    const entry = airlockEntry(text);
    assert.equal(entry.url, `http://127.0.0.1:${fixture.port}/mcp`);
    firstSecret = bearerOf(entry);
    assert.equal(isApiKeyShaped(firstSecret), true);
    assert.equal(sandbox.keychain.entries.get('key:cursor'), firstSecret);
    assert.equal(result.client.connected, true);
    assert.equal(result.client.keyName, 'cursor');
  });

  it('made the key for the chosen folder only, and it works over HTTP at once', async () => {
    const key = await keyNamed('cursor');
    assert.deepEqual(key?.workspaces, [sandbox.folderA]);
    assert.equal(key?.access, 'read');
    const reached = await foldersReachedWith(firstSecret);
    assert.ok(reached.includes(sandbox.folderA), reached);
    assert.ok(!reached.includes(sandbox.folderB), reached);
  });

  it('changes nothing when connected again with the same choice', async () => {
    const before = await readFile(fixture.files.cursor, 'utf8');
    const backups = await backupsOf(fixture.files.cursor);
    const result = data(await fixture.connect('cursor', [sandbox.folderA], 'read'));
    assert.equal(result.changed, false);
    assert.equal(result.backup, null);
    assert.match(result.message, /already has Airlock .* Nothing was changed\.$/);
    assert.equal(await readFile(fixture.files.cursor, 'utf8'), before);
    assert.deepEqual(await backupsOf(fixture.files.cursor), backups);
  });

  it('gives Cursor a new key when the person chooses other folders; the old key is revoked', async () => {
    const result = data(
      await fixture.connect('cursor', [sandbox.folderA, sandbox.folderB], 'read'),
    );
    assert.equal(result.changed, true);
    // The new key is made (under a free name) before the old one goes: a failure on the
    // way leaves Cursor with the key it had.
    assert.equal(result.keyName, 'cursor-2');
    assert.match(
      result.message,
      /Cursor uses a new key, "cursor-2" \(can read .*\), in place of its old one\. Its old key "cursor" was revoked and no longer works\./,
    );
    const secret = bearerOf(airlockEntry(await readFile(fixture.files.cursor, 'utf8')));
    assert.notEqual(secret, firstSecret);
    assert.equal(sandbox.keychain.entries.get('key:cursor-2'), secret);
    assert.equal(sandbox.keychain.entries.has('key:cursor'), false);
    assert.equal(await keyNamed('cursor'), undefined);
    const key = await keyNamed('cursor-2');
    assert.deepEqual(key?.workspaces, [sandbox.folderA, sandbox.folderB]);
    assert.equal(key?.madeFor, 'cursor');
    assert.equal(result.client.keyName, 'cursor-2');
    const reached = await foldersReachedWith(secret);
    assert.ok(reached.includes(sandbox.folderB), reached);
    // The server reloads its keys a moment after each change to the list, and the new key
    // was made before the old one was revoked: those can be two reloads.
    const url = await httpAddress(fixture.app);
    await eventually(
      () =>
        connectV2(url, firstSecret).then(
          async (client) => (await client.close(), false),
          (error: Error) => /401/.test(error.message),
        ),
      'the old key is refused',
    );
  });

  it('writes the current secret again after the key was rotated on the Keys page', async () => {
    const stale = bearerOf(airlockEntry(await readFile(fixture.files.cursor, 'utf8')));
    data(await fixture.handlers.rotateKey({ name: 'cursor-2' }));
    const result = data(
      await fixture.connect('cursor', [sandbox.folderA, sandbox.folderB], 'read'),
    );
    assert.equal(result.changed, true);
    assert.equal(result.keyName, 'cursor-2');
    assert.match(result.message, /Cursor's key "cursor-2" was given a new secret/);
    const fresh = bearerOf(airlockEntry(await readFile(fixture.files.cursor, 'utf8')));
    assert.notEqual(fresh, stale);
    assert.equal(sandbox.keychain.entries.get('key:cursor-2'), fresh);
    assert.ok((await foldersReachedWith(fresh)).includes(sandbox.folderA));
  });

  it('gives VS Code the key once, to keep in its secret storage, never in the file', async () => {
    const result = data(await fixture.connect('vscode', [sandbox.folderA], 'write'));
    assert.ok(result.secret && isApiKeyShaped(result.secret));
    assert.match(result.message, /VS Code asks for the key the first time/);
    const text = await readFile(fixture.files.vscode, 'utf8');
    assert.equal(text.includes(result.secret), false);
    const value = configValue(text);
    assert.deepEqual(Object.keys(value.servers as object), ['github', 'airlock']);
    const entry = airlockEntry(text, 'servers');
    assert.equal(entry.type, 'http');
    assert.equal(
      (entry.headers as { Authorization: string }).Authorization,
      'Bearer ${input:airlock-key}',
    );
    const inputs = value.inputs as { id: string; password?: boolean }[];
    assert.deepEqual(
      inputs.map((input) => [input.id, input.password]),
      [
        ['gh-token', true],
        ['airlock-key', true],
      ],
    );
    assert.equal((await keyNamed('vscode'))?.access, 'write');
    const again = data(await fixture.connect('vscode', [sandbox.folderA], 'write'));
    assert.equal(again.secret, null, 'shown once only');
    assert.equal(again.changed, false);
  });
});

describe('connecting an app that starts the bridge', () => {
  it('writes Claude Desktop a new settings file whose entry starts the bridge by absolute paths', async () => {
    const result = data(await fixture.handlers.connectClient({ client: 'claude-desktop' }));
    assert.equal(result.changed, true);
    assert.equal(result.backup, null);
    assert.equal(result.keyName, null);
    assert.match(result.message, /^Added Airlock to Claude Desktop\. Its settings file is new: /);
    assert.match(result.message, /Restart Claude Desktop to finish\.$/);
    const entry = airlockEntry(await readFile(fixture.files.claudeDesktop, 'utf8'));
    assert.deepEqual(entry, {
      command: process.execPath,
      args: [
        fixture.pieces.bridgeFile,
        '--client',
        'claude-desktop',
        '--data-dir',
        sandbox.dataDir,
      ],
    });
    assert.equal(await keyNamed('claude-desktop'), undefined, 'no key for a local connection');
  });
});

describe('removing Airlock from an app', () => {
  it('takes out only our entry, with a backup, and revokes the app key', async () => {
    const before = await readFile(fixture.files.cursor, 'utf8');
    const result = data(await fixture.handlers.disconnectClient({ client: 'cursor' }));
    assert.equal(result.changed, true);
    assert.equal(result.keyRevoked, true);
    assert.ok(result.backup);
    assert.equal(await readFile(result.backup, 'utf8'), before);
    assert.match(
      result.message,
      /^Removed Airlock from Cursor\. A backup of its old settings is at .+\. Its key "cursor-2" was revoked/,
    );
    const value = configValue(await readFile(fixture.files.cursor, 'utf8'));
    assert.deepEqual(Object.keys(value.mcpServers as object), ['notes']);
    assert.equal(value.theme, 'dark');
    assert.equal(await keyNamed('cursor-2'), undefined);
    assert.equal(sandbox.keychain.entries.has('key:cursor-2'), false);
    assert.equal(result.client.connected, false);
  });

  it('removes Claude Desktop entry and leaves VS Code other input', async () => {
    data(await fixture.handlers.disconnectClient({ client: 'claude-desktop' }));
    assert.deepEqual(configValue(await readFile(fixture.files.claudeDesktop, 'utf8')), {
      mcpServers: {},
    });
    data(await fixture.handlers.disconnectClient({ client: 'vscode' }));
    assert.deepEqual(
      configValue(await readFile(fixture.files.vscode, 'utf8')),
      configValue(VSCODE_BEFORE),
    );
  });

  it('changes nothing for an app that never had Airlock', async () => {
    const result = data(await fixture.handlers.disconnectClient({ client: 'windsurf' }));
    assert.equal(result.changed, false);
    assert.equal(result.keyRevoked, false);
    assert.match(result.message, /did not include Airlock; nothing was changed/);
  });
});

describe('refusals, in plain words, that change nothing', () => {
  async function keysNow(): Promise<string[]> {
    return data(await fixture.handlers.listKeys(undefined)).map((key) => key.name);
  }

  it('refuses an app that is not installed', async () => {
    const error = refusal(await fixture.connect('windsurf', [sandbox.folderA], 'read'));
    assert.equal(error.code, 'not_found');
    assert.match(error.message, /^Windsurf does not seem to be installed on this computer/);
    assert.ok(error.message.includes(fixture.files.windsurf));
    assert.ok(!(await keysNow()).includes('windsurf'), 'no key was made');
  });

  it('refuses a settings file that is not valid JSON, naming it and what is wrong', async () => {
    const broken = '{ "mcpServers": { "notes": { "command": "x" } ';
    await writeFile(fixture.files.cursor, broken);
    const view = await listed('cursor');
    assert.match(view.problem ?? '', /is not valid JSON/);
    const error = refusal(await fixture.connect('cursor', [sandbox.folderA], 'read'));
    assert.equal(error.code, 'unavailable');
    assert.ok(error.message.includes(fixture.files.cursor), error.message);
    assert.match(
      error.message,
      /is not valid JSON \(.*line 1, column \d+\)\. Airlock changed nothing/,
    );
    assert.equal(await readFile(fixture.files.cursor, 'utf8'), broken);
    assert.ok(!(await keysNow()).includes('cursor'), 'no key was made');
  });

  it('refuses a settings file of a shape it will not edit', async () => {
    await writeFile(fixture.files.cursor, '{ "mcpServers": ["not", "an", "object"] }');
    const error = refusal(await fixture.connect('cursor', [sandbox.folderA], 'read'));
    assert.match(
      error.message,
      /has a shape Airlock will not edit on its own \("mcpServers" is not an object\)/,
    );
  });

  it('refuses a read-only settings file, and makes no key', async () => {
    await writeFile(fixture.files.cursor, CURSOR_BEFORE);
    await chmod(fixture.files.cursor, 0o444);
    try {
      const error = refusal(await fixture.connect('cursor', [sandbox.folderA], 'read'));
      assert.equal(error.code, 'unavailable');
      assert.match(error.message, /settings file, .*mcp\.json, is read-only/);
      assert.equal(await readFile(fixture.files.cursor, 'utf8'), CURSOR_BEFORE);
      assert.ok(!(await keysNow()).includes('cursor'));
    } finally {
      await chmod(fixture.files.cursor, 0o644);
    }
  });

  const folderCases: [string, () => { workspaces?: string[]; access: WorkspaceAccess }, RegExp][] =
    [
      [
        'no folder chosen',
        () => ({ workspaces: [], access: 'read' }),
        /Choose at least one folder/,
      ],
      ['no folders at all', () => ({ access: 'read' }), /Choose at least one folder/],
      [
        'a folder that is not shared',
        () => ({ workspaces: ['/etc'], access: 'read' }),
        /is not one of the folders/,
      ],
      [
        '"read and change" in a folder shared as read only',
        () => ({ workspaces: [sandbox.folderB], access: 'write' }),
        /shared as "Can read" only/,
      ],
    ];
  for (const [what, choice, message] of folderCases) {
    it(`refuses ${what} for an HTTP app`, async () => {
      const error = refusal(
        await fixture.handlers.connectClient({ client: 'cursor', ...choice() }),
      );
      assert.equal(error.code, 'invalid_workspace');
      assert.match(error.message, message);
    });
  }

  it('refuses a payload outside the contract', async () => {
    for (const payload of [
      { client: 'notepad' },
      { client: 'cursor', workspaces: 'all' },
      { client: 'cursor', configFile: '/etc/passwd' },
    ]) {
      assert.equal(refusal(await fixture.handlers.connectClient(payload)).code, 'invalid_request');
    }
  });

  it('refuses HTTP apps while the port is "any free port"', async () => {
    await fixture.app.updateSettings({ http: { port: 0 } });
    try {
      const list = data(await fixture.handlers.listClients(undefined));
      assert.match(list.httpProblem ?? '', /set to 0 \(any free port\)/);
      const error = refusal(await fixture.connect('vscode', [sandbox.folderA], 'read'));
      assert.equal(error.code, 'invalid_settings');
    } finally {
      await fixture.app.updateSettings({ http: { port: fixture.port } });
    }
  });
});

describe('one-click installs and text for other apps', () => {
  it("refuses Cursor's install link on Linux, where the key would be on command lines", async () => {
    const before = fixture.desktop.calls.length;
    const keys = data(await fixture.handlers.listKeys(undefined)).map((key) => key.name);
    const error = refusal(
      await fixture.handlers.openCursorInstallLink({
        workspaces: [sandbox.folderA],
        access: 'read',
      }),
    );
    assert.equal(error.code, 'unavailable');
    assert.match(error.message, /would show its key to other users .* Use Connect instead/);
    assert.deepEqual(fixture.desktop.calls.slice(before), [], 'nothing was handed to the system');
    assert.deepEqual(
      data(await fixture.handlers.listKeys(undefined)).map((key) => key.name),
      keys,
      'no key was made',
    );
  });

  it('opens or shows the Claude Desktop extension', async () => {
    const before = fixture.desktop.calls.length;
    const opened = data(await fixture.handlers.openClaudeExtension({ action: 'open' }));
    assert.match(opened.message, /Claude Desktop was asked to install the Airlock extension/);
    data(await fixture.handlers.openClaudeExtension({ action: 'reveal' }));
    assert.deepEqual(fixture.desktop.calls.slice(before), [
      { action: 'openPath', target: fixture.pieces.extensionFile },
      { action: 'showItemInFolder', target: fixture.pieces.extensionFile },
    ]);
  });

  it('says in plain words when the extension cannot be opened, and logs the system’s reason', async () => {
    const reason = 'Failed to open path: no application is registered for .mcpb (0x483)';
    const { openPath } = fixture.desktop;
    fixture.desktop.openPath = async () => {
      throw new Error(reason);
    };
    try {
      const error = refusal(await fixture.handlers.openClaudeExtension({ action: 'open' }));
      assert.equal(error.code, 'unavailable');
      assert.equal(
        error.message,
        `The extension could not be opened. In Claude Desktop, open Settings, then Extensions, and install ${fixture.pieces.extensionFile}.`,
      );
      assert.ok(
        sandbox.log.lines.some((line) => line.includes(reason)),
        'the reason is in the diagnostics log',
      );
    } finally {
      fixture.desktop.openPath = openPath;
    }
  });

  it('gives the text for apps not in the list, and copies exactly that text', async () => {
    const { snippets, notes } = data(await fixture.handlers.clientSnippet({}));
    assert.deepEqual(notes, []);
    assert.deepEqual(
      snippets.map((snippet) => snippet.kind),
      ['bridge', 'http'],
    );
    const bridge = JSON.parse(snippets[0]?.text ?? '') as {
      mcpServers: { airlock: { command: string; args: string[] } };
    };
    assert.deepEqual(bridge.mcpServers.airlock, {
      command: process.execPath,
      args: [fixture.pieces.bridgeFile, '--data-dir', sandbox.dataDir],
    });
    assert.match(snippets[1]?.text ?? '', /"Authorization": "Bearer <your Airlock key>"/);

    const before = fixture.desktop.calls.length;
    data(await fixture.handlers.copyClientSnippet({ kind: 'http' }));
    assert.deepEqual(fixture.desktop.calls.slice(before), [
      { action: 'writeClipboard', target: snippets[1]?.text },
    ]);
  });

  it('gives Claude Code its command as well as its settings entry', async () => {
    const { snippets } = data(await fixture.handlers.clientSnippet({ client: 'claude-code' }));
    assert.deepEqual(
      snippets.map((snippet) => snippet.kind),
      ['http', 'command'],
    );
    assert.match(
      snippets[1]?.text ?? '',
      new RegExp(
        `^claude mcp add --transport http --scope user airlock http://127\\.0\\.0\\.1:${fixture.port}/mcp`,
      ),
    );
  });

  it('says why the bridge text is missing when Node.js cannot be found', async () => {
    const other = await makeAppSandbox();
    try {
      const noNode = await startConnectionsFixture(other, { node: undefined });
      const { snippets, notes } = data(await noNode.handlers.clientSnippet({}));
      assert.deepEqual(
        snippets.map((snippet) => snippet.kind),
        ['http'],
      );
      assert.match(notes[0] ?? '', /need|Node\.js, which was not found/);
      const error = refusal(await noNode.handlers.connectClient({ client: 'claude-desktop' }));
      assert.match(error.message, /install the Airlock extension instead/);
      const list = data(await noNode.handlers.listClients(undefined));
      assert.match(list.bridgeProblem ?? '', /Node\.js/);
      await rm(noNode.pieces.extensionFile);
      const refused = refusal(await noNode.handlers.openClaudeExtension({ action: 'open' }));
      assert.equal(refused.code, 'not_found');
    } finally {
      await other.cleanup();
    }
  });
});

describe('handlers built without a desktop (tests of other areas)', () => {
  it('answer "unavailable" rather than touching any home', async () => {
    const bare = createIpcHandlers({
      app: fixture.app,
      pickFolder: async () => undefined,
      pickSaveFile: async () => undefined,
      log: sandbox.log,
    });
    assert.equal(refusal(await bare.listClients(undefined)).code, 'unavailable');
  });
});
