// The app's logic end to end under plain Node: the core built from the saved settings,
// the local socket and loopback HTTP started from them, the kill switch, folder changes
// that take effect at once, and a status that never lies about what is running.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AppStatus } from '../../../preload/contract/status-views.ts';
import type { AuditRecord } from '../../../main/core/audit/audit-record.ts';
import { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import { connectV2, resultText } from '../../helpers/http-clients.ts';
import { makePolicy } from '../fixtures.ts';
import { agentOf } from '../history/recorded-tools.ts';
import { readConfig, writeConfig } from '../settings/settings-fixture.ts';
import { eventually, makeAppSandbox, type AppSandbox } from './app-fixture.ts';

const API_KEY = `alk_${'k'.repeat(43)}`;
const DAY_MS = 24 * 60 * 60 * 1000;
const MiB = 1024 * 1024;
let sandbox: AppSandbox;

beforeEach(async () => {
  sandbox = await makeAppSandbox();
  await mkdir(sandbox.dataDir, { recursive: true });
  // Any free port, so suites can run side by side.
  await writeConfig(sandbox.dataDir, { http: { port: 0 } });
});
afterEach(async () => sandbox.cleanup());

const transport = (status: AppStatus, name: 'http' | 'socket') =>
  status.transports.find((entry) => entry.transport === name);

async function auditRecords(): Promise<AuditRecord[]> {
  const text = await readFile(path.join(sandbox.dataDir, 'audit', 'audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord);
}

async function listAllowed(url: string): Promise<string> {
  const client = await connectV2(url, API_KEY);
  try {
    return resultText(await client.callTool({ name: 'list_allowed_directories', arguments: {} }));
  } finally {
    await client.close();
  }
}

describe('starting the app', () => {
  it('serves the local socket in the data dir, and leaves HTTP off until a key exists', async () => {
    const app = await sandbox.start();
    const status = app.status();
    assert.deepEqual(transport(status, 'socket'), {
      transport: 'socket',
      state: 'listening',
      address: path.join(sandbox.dataDir, 'airlock.sock'),
    });
    assert.equal(transport(status, 'http')?.state, 'off');
    assert.match(transport(status, 'http')?.detail ?? '', /No key yet/);
  });

  it('starts HTTP as soon as a key is created, from this process or any other', async () => {
    const app = await sandbox.start();
    await sandbox.keyStore.create('cursor', { workspaces: 'all', access: 'read' });
    await eventually(() => transport(app.status(), 'http')?.state === 'listening', 'HTTP listens');
    assert.match(
      transport(app.status(), 'http')?.address ?? '',
      /^http:\/\/127\.0\.0\.1:\d+\/mcp$/,
    );
  });

  it('serves the saved folders over HTTP, and shows the last call as the last activity', async () => {
    await writeConfig(sandbox.dataDir, {
      http: { port: 0 },
      workspaces: [{ path: sandbox.folderA, access: 'read' }],
    });
    const app = await sandbox.start({ env: { MCP_API_KEY: API_KEY } });
    const url = transport(app.status(), 'http')?.address ?? '';
    assert.match(await listAllowed(url), new RegExp(sandbox.folderA));
    await eventually(() => app.status().lastActivity !== null, 'the call is seen');
    assert.equal(app.status().lastActivity?.tool, 'list_allowed_directories');
    assert.equal(app.status().lastActivity?.outcome, 'ok');
  });

  it('reports a saved folder that is missing as unavailable, and still starts', async () => {
    const gone = path.join(sandbox.root, 'unplugged');
    await writeConfig(sandbox.dataDir, {
      http: { port: 0 },
      workspaces: [
        { path: gone, access: 'write' },
        { path: sandbox.folderA, access: 'read' },
      ],
    });
    const app = await sandbox.start();
    const [missing, present] = app.status().workspaces;
    assert.equal(missing?.available, false);
    assert.match(missing?.problem ?? '', /does not exist/);
    assert.equal(present?.available, true);
  });

  it('sets a damaged settings file aside, says so in the status, and records it', async () => {
    await writeConfig(sandbox.dataDir, '{ "http": ');
    const app = await sandbox.start();
    const recovered = app.status().settingsRecovered;
    assert.match(recovered?.problem ?? '', /not valid JSON/);
    assert.ok(recovered?.movedTo && existsSync(recovered.movedTo));
    const record = (await auditRecords()).find((entry) => entry.event === 'settings_change');
    assert.equal(record?.outcome, 'error');
    assert.equal(record?.transport, 'app');
    assert.equal(record?.detail?.movedTo, recovered.movedTo);
  });

  it('shows a port in use as a failed transport instead of crashing', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await writeConfig(sandbox.dataDir, { http: { port } });
      const app = await sandbox.start({ env: { MCP_API_KEY: API_KEY } });
      const http = transport(app.status(), 'http');
      assert.equal(http?.state, 'failed');
      assert.match(http?.detail ?? '', new RegExp(`Port ${port} is in use`));
      assert.equal(transport(app.status(), 'socket')?.state, 'listening');
    } finally {
      taken.close();
    }
  });

  it('shows the socket as taken when another Airlock already serves this data dir', async () => {
    await sandbox.start();
    const second = await sandbox.start();
    const socket = transport(second.status(), 'socket');
    assert.equal(socket?.state, 'failed');
    assert.match(socket?.detail ?? '', /already running/);
  });
});

describe('the kill switch in the app', () => {
  it('refuses calls while paused, saves the pause and records it', async () => {
    await writeConfig(sandbox.dataDir, {
      http: { port: 0 },
      workspaces: [{ path: sandbox.folderA, access: 'read' }],
    });
    const app = await sandbox.start({ env: { MCP_API_KEY: API_KEY } });
    const url = transport(app.status(), 'http')?.address ?? '';
    const status = await app.setPaused(true);
    assert.equal(status.paused, true);
    const refused = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${API_KEY}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(refused.status, 503);
    assert.match(await refused.text(), /paused in Airlock/);
    const saved = JSON.parse(await readFile(path.join(sandbox.dataDir, 'config.json'), 'utf8'));
    assert.deepEqual(saved.access, { paused: true });
    const record = (await auditRecords()).findLast((entry) => entry.event === 'settings_change');
    assert.equal(record?.reason, 'Access paused in Airlock');
    assert.deepEqual(record?.detail, { keys: ['access.paused'] });

    await app.setPaused(false);
    assert.match(await listAllowed(url), new RegExp(sandbox.folderA));
  });

  it('stays paused after a restart, until the person resumes', async () => {
    const first = await sandbox.start();
    await first.setPaused(true);
    await first.stop();
    const second = await sandbox.start();
    assert.equal(second.access.paused, true);
    assert.equal(second.status().paused, true);
  });

  it('tells status listeners of a pause once', async () => {
    const app = await sandbox.start();
    const heard: boolean[] = [];
    app.onStatusChanged((status) => heard.push(status.paused));
    await app.setPaused(true);
    assert.deepEqual(heard, [true]);
  });
});

describe('changing folders and settings while running', () => {
  it('serves a folder the moment it is added, and records the change', async () => {
    const app = await sandbox.start({ env: { MCP_API_KEY: API_KEY } });
    const added = await app.addWorkspace(sandbox.folderB, 'write');
    assert.deepEqual(added, {
      path: sandbox.folderB,
      access: 'write',
      askBefore: 'replacing',
      maskSecrets: true,
      available: true,
    });
    const url = transport(app.status(), 'http')?.address ?? '';
    assert.match(await listAllowed(url), new RegExp(sandbox.folderB));
    const record = (await auditRecords()).findLast((entry) => entry.event === 'settings_change');
    assert.equal(record?.reason, 'Folder shared with agents');
    assert.deepEqual(record?.detail, {
      workspace: sandbox.folderB,
      access: 'write',
      keys: ['workspaces'],
    });
  });

  it('stops serving a folder the moment it is removed', async () => {
    await writeConfig(sandbox.dataDir, {
      http: { port: 0 },
      workspaces: [{ path: sandbox.folderA, access: 'read' }],
    });
    const app = await sandbox.start({ env: { MCP_API_KEY: API_KEY } });
    await app.removeWorkspace(sandbox.folderA);
    const url = transport(app.status(), 'http')?.address ?? '';
    assert.doesNotMatch(await listAllowed(url), new RegExp(sandbox.folderA));
  });

  it('keeps both of two folder changes made at once: neither overwrites the other', async () => {
    const folderC = path.join(sandbox.root, 'c');
    await mkdir(folderC);
    await writeConfig(sandbox.dataDir, {
      http: { port: 0 },
      workspaces: [{ path: sandbox.folderA, access: 'read' }],
    });
    const app = await sandbox.start();
    await Promise.all([
      app.addWorkspace(sandbox.folderB, 'read'),
      app.addWorkspace(folderC, 'write'),
      app.setWorkspaceAccess(sandbox.folderA, 'write'),
    ]);
    // The folder saved before asks before nothing, as it did; the new ones ask before replacing.
    const expected = [
      { path: sandbox.folderA, access: 'write', askBefore: 'nothing', maskSecrets: true },
      { path: sandbox.folderB, access: 'read', askBefore: 'replacing', maskSecrets: true },
      { path: folderC, access: 'write', askBefore: 'replacing', maskSecrets: true },
    ];
    assert.deepEqual(app.settings.settings.workspaces, expected);
    assert.deepEqual((await readConfig(sandbox.dataDir)).workspaces, expected);

    await Promise.all([
      app.addWorkspace(path.join(sandbox.root, 'a-new-one'), 'read').catch(() => undefined),
      app.removeWorkspace(sandbox.folderB),
      app.addWorkspace(sandbox.folderB, 'read'),
      app.removeWorkspace(folderC),
    ]);
    assert.deepEqual(
      app.workspaces().map((view) => [view.path, view.access]),
      [
        [sandbox.folderA, 'write'],
        [sandbox.folderB, 'read'],
      ],
    );
  });

  it('goes on with the next folder change after one is refused', async () => {
    const app = await sandbox.start();
    const [missing, added] = await Promise.allSettled([
      app.addWorkspace(path.join(sandbox.root, 'not-there'), 'read'),
      app.addWorkspace(sandbox.folderA, 'read'),
    ]);
    assert.equal(missing.status, 'rejected');
    assert.equal(added.status, 'fulfilled');
    assert.deepEqual(app.settings.settings.workspaces, [
      { path: sandbox.folderA, access: 'read', askBefore: 'replacing', maskSecrets: true },
    ]);
  });

  it('does not restart the servers for a change of its own preferences', async () => {
    const app = await sandbox.start();
    const before = transport(app.status(), 'socket');
    let restarts = 0;
    app.onStatusChanged((status) => {
      if (transport(status, 'socket')?.state !== 'listening') restarts += 1;
    });
    await app.updateSettings({ app: { theme: 'dark' } });
    assert.equal(restarts, 0);
    assert.deepEqual(transport(app.status(), 'socket'), before);
  });
});

describe('saving history limits while agents are connected', () => {
  it('applies them without restarting the servers, pruning before the save answers', async () => {
    await writeConfig(sandbox.dataDir, {
      http: { port: 0 },
      workspaces: [{ path: sandbox.folderA, access: 'write' }],
    });
    const app = await sandbox.start();
    const key = await sandbox.keyStore.create('agent', { workspaces: 'all', access: 'write' });
    // A change from last week, recorded in the history the app serves.
    const lastWeek = await ChangeJournal.open(sandbox.dataDir, {
      clock: () => Date.now() - 7 * DAY_MS,
    });
    const old = await agentOf(lastWeek, await makePolicy(sandbox.folderA)).write('old.txt', 'o');
    await writeFile(path.join(sandbox.folderA, 'big.txt'), 'x'.repeat(2 * MiB));
    // A client with a session of its own: a restart would end it.
    await eventually(() => transport(app.status(), 'http')?.state === 'listening', 'HTTP listens');
    const client = await connectV2(transport(app.status(), 'http')?.address ?? '', key, 'legacy');
    const served = app.status().transports;
    const restarts: string[] = [];
    app.onStatusChanged((status) => {
      if (status.transports.length === 0) restarts.push('all');
      for (const each of status.transports)
        if (each.state !== 'listening') restarts.push(each.transport);
    });
    try {
      const before = (await app.changes.usage()).changes;
      await app.updateSettings({ history: { maxAgeDays: 3, maxFileBytes: MiB } });
      assert.deepEqual(restarts, []);
      assert.deepEqual(app.status().transports, served);
      assert.equal(await app.changes.change(old.id), null, 'pruned before the save answered');
      assert.equal((await app.changes.usage()).changes, before - 1);
      // The same session goes on, under the new per-file cap.
      const answer = await client.callTool({
        name: 'write_file',
        arguments: { path: path.join(sandbox.folderA, 'big.txt'), content: 'small now' },
      });
      assert.notEqual(answer.isError, true, resultText(answer));
      assert.equal((answer.structuredContent as { undoable?: boolean }).undoable, false);
    } finally {
      await client.close();
    }
  });
});

describe('stopping the app', () => {
  it('closes both transports and removes the socket file', async () => {
    const app = await sandbox.start({ env: { MCP_API_KEY: API_KEY } });
    const socketFile = path.join(sandbox.dataDir, 'airlock.sock');
    assert.ok(existsSync(socketFile));
    await app.stop();
    assert.equal(existsSync(socketFile), false);
    await rm(sandbox.dataDir, { recursive: true, force: true });
  });
});
