// The clients connected now, by name, in the app's status: real SDK clients over loopback
// HTTP with a key (a 2025-era session and the stateless 2026-era path) and over the local
// socket, as the window's header and the tray show them.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AppStatus, ConnectedClient } from '../../../../preload/contract/status-views.ts';
import { UNNAMED_CLIENT } from '../../../../main/core/app/connections/client-name.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import { RecentHttpClients, requestIdentities } from '../../../../main/core/http/http-clients.ts';
import { identityFrom } from '../../../../main/core/server/client-identity.ts';
import { BRIDGE_TOKEN_FILE } from '../../../../main/core/socket/bridge-token.ts';
import { connectV2 } from '../../../helpers/http-clients.ts';
import { connectSdkClient } from '../../socket/socket-fixture.ts';
import { writeConfig } from '../../settings/settings-fixture.ts';
import { eventually, httpAddress, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;
let key: string;
let url: string;
/** Every status the app pushed to its listeners (the window's statusChanged events). */
let pushed: AppStatus[];

function clientsOf(status: AppStatus): ConnectedClient[] {
  return status.clients;
}

/** A 2025-era session of the v2 SDK client, which it opens by default. */
async function openSession(name: string, version: string) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  const client = new Client({ name, version });
  await client.connect(transport);
  return { client, transport };
}

describe('the status lists the clients connected now, by the name they give in MCP', () => {
  beforeEach(async () => {
    sandbox = await makeAppSandbox();
    await mkdir(sandbox.dataDir, { recursive: true, mode: 0o700 });
    await writeConfig(sandbox.dataDir, {
      http: { port: 0 },
      workspaces: [{ path: sandbox.folderA, access: 'read' }],
    });
    app = await sandbox.start();
    pushed = [];
    app.onStatusChanged((status) => pushed.push(status));
    key = await sandbox.keyStore.create('editor', { workspaces: 'all', access: 'read' });
    url = await httpAddress(app);
  });
  afterEach(async () => sandbox.cleanup());

  it('starts with no client, and a count of zero', () => {
    assert.deepEqual(app.status().clients, []);
    assert.equal(app.status().clientsConnected, 0);
  });

  it('shows a 2025-era HTTP session by its clientInfo, with its key, until it ends', async () => {
    const before = Date.now();
    const { client, transport } = await openSession('Cursor', '1.4.2');
    try {
      const [shown, ...others] = app.status().clients;
      assert.deepEqual(others, []);
      assert.deepEqual(
        { ...shown, since: undefined },
        { name: 'Cursor', version: '1.4.2', transport: 'http', key: 'editor', since: undefined },
      );
      const since = Date.parse(shown?.since ?? '');
      assert.ok(since >= before - 1000 && since <= Date.now(), `since ${shown?.since}`);
      assert.equal(app.status().clientsConnected, 1);
      // The window hears of it at once, not at the next poll (the sandbox does not poll).
      assert.ok(
        pushed.some((status) => clientsOf(status).some((entry) => entry.name === 'Cursor')),
        'a statusChanged event named the client',
      );
      await transport.terminateSession();
      await eventually(() => app.status().clients.length === 0, 'the ended session is gone');
      assert.equal(app.status().clientsConnected, 0);
      assert.deepEqual(clientsOf(pushed.at(-1) as AppStatus), [], 'and the window hears of it');
    } finally {
      await client.close();
    }
  });

  it('shows a stateless 2026-era client by the clientInfo of its requests', async () => {
    const client = await connectV2(url, key, 'modern');
    try {
      await client.listTools();
      const shown = app.status().clients;
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.equal(shown[0]?.name, 'airlock-http-v2-modern');
      assert.equal(shown[0]?.version, '0.0.0');
      assert.equal(shown[0]?.key, 'editor');
      // Its requests keep it one client, however many it makes.
      await client.listTools();
      assert.equal(app.status().clients.length, 1);
    } finally {
      await client.close();
    }
  });

  it('lists sessions and connections side by side, oldest first, and counts them all', async () => {
    const first = await openSession('Claude Code', '2.0.1');
    const token = (await readFile(path.join(app.dataDir, BRIDGE_TOKEN_FILE), 'utf8')).trim();
    const endpoint = app.status().transports.find((entry) => entry.transport === 'socket');
    assert.equal(endpoint?.state, 'listening');
    const viaSocket = await connectSdkClient(endpoint?.address ?? '', token, 'Claude Desktop');
    try {
      await eventually(
        () => app.status().clients.some((entry) => entry.transport === 'socket'),
        'the socket client is listed',
      );
      const shown = app.status().clients;
      assert.deepEqual(
        shown.map((entry) => [entry.name, entry.transport]),
        [
          ['Claude Code', 'http'],
          // The MCP name wins over the bridge's handshake name once the client gave it.
          ['airlock-socket-test', 'socket'],
        ],
      );
      assert.equal(shown[1]?.key, undefined, 'the socket needs no key');
      assert.equal(app.status().clientsConnected, 2);
    } finally {
      await viaSocket.close();
      await first.transport.terminateSession();
      await first.client.close();
    }
    await eventually(() => app.status().clients.length === 0, 'both are gone');
  });

  it('drops every client when access is paused', async () => {
    const { client } = await openSession('Cursor', '1.4.2');
    const modern = await connectV2(url, key, 'modern');
    try {
      await modern.listTools();
      assert.equal(app.status().clients.length, 2);
      await app.setPaused(true);
      await eventually(() => app.status().clients.length === 0, 'paused: nobody is connected');
    } finally {
      await app.setPaused(false);
      await modern.close();
      await client.close().catch(() => undefined);
    }
  });
});

describe('stateless clients count as connected for a few minutes after a request', () => {
  const identity = { name: 'Cursor', version: '1.4.2' };

  it('remembers a client from its first request, and forgets it when it goes quiet', () => {
    const recent = new RecentHttpClients(60_000);
    assert.equal(recent.seen('editor', identity, 1000), true, 'new');
    assert.equal(recent.seen('editor', identity, 50_000), false, 'already known');
    assert.deepEqual(recent.list(100_000), [{ identity, keyName: 'editor', since: 1000 }]);
    assert.deepEqual(recent.list(110_001), [], 'quiet for longer than the window');
  });

  it('tells apart the same name used with two keys, and forgets the clients of one key', () => {
    const recent = new RecentHttpClients(60_000);
    recent.seen('editor', identity, 0);
    recent.seen('reader', identity, 0);
    assert.equal(recent.list(0).length, 2);
    recent.forget('editor');
    assert.deepEqual(
      recent.list(0).map((entry) => entry.keyName),
      ['reader'],
    );
  });

  it('keeps at most 100, forgetting the oldest first', () => {
    const recent = new RecentHttpClients(60_000);
    for (let index = 0; index < 150; index += 1) recent.seen('editor', { name: `app ${index}` }, 0);
    const names = recent.list(0).map((entry) => entry.identity?.name);
    assert.equal(names.length, 100);
    assert.equal(names[0], 'app 50');
  });

  it('reads clientInfo from the envelope of each request, and of nothing else', () => {
    const meta = { 'io.modelcontextprotocol/clientInfo': identity };
    const request = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } };
    const bare = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const notification = { jsonrpc: '2.0', method: 'notifications/cancelled', params: {} };
    assert.deepEqual(requestIdentities(request), [identity]);
    assert.deepEqual(requestIdentities([request, bare, notification]), [identity, undefined]);
    assert.deepEqual(requestIdentities(notification), []);
    assert.deepEqual(requestIdentities(undefined), []);
  });
});

describe('a client name is made safe to show', () => {
  it('drops control characters, trims, and cuts long names', () => {
    assert.deepEqual(identityFrom({ name: ' Evil\u001b[31m\nApp ', version: '1\u0000.0' }), {
      name: 'Evil[31mApp',
      version: '1.0',
    });
    assert.equal(identityFrom({ name: 'x'.repeat(500) })?.name.length, 100);
  });

  it('has no identity without a usable name, and the window then says "An unnamed app"', () => {
    assert.equal(identityFrom(undefined), undefined);
    assert.equal(identityFrom({ version: '1' }), undefined);
    assert.equal(identityFrom({ name: '\u0007' }), undefined);
    assert.equal(identityFrom({ name: 42 }), undefined);
    assert.equal(UNNAMED_CLIENT, 'An unnamed app');
  });
});
