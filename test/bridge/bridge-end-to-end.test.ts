// End to end on this machine: the SDK v2 client spawns `node airlock-bridge.js` over
// stdio, the bridge relays to `airlock serve --socket` running in its own process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, lstat, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../main/core/audit/audit-record.ts';
import { WRONG_TOKEN_MESSAGE } from '../../main/core/socket/handshake.ts';
import { initializeMessage } from '../helpers/http-raw.ts';
import { assertOk, textOf } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { plantStaleSocket } from '../core/socket/stale-socket.ts';
import {
  BRIDGE_PATH,
  connectThroughBridge,
  runSocketCliToExit,
  socketServeArgs,
  startSocketCli,
  testEnv,
  type SocketCli,
} from './socket-cli.ts';

const NOTE = 'relayed byte for byte\n';
const NOT_RUNNING = 'Airlock is not running. Open Airlock';
/** The whole answer: the app, and the headless server with the data dir the bridge looks in. */
const notRunning = (dataDir?: string) =>
  `Airlock is not running. Open Airlock, or run "airlock serve --socket --workspace DIR${dataDir ? ` --data-dir ${dataDir}` : ''}" to serve without the app.`;

async function auditRecords(dataDir: string): Promise<AuditRecord[]> {
  const text = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord);
}

/** The client's initialize fails with this JSON-RPC error message (code -32000). */
async function assertInitializeFails(connecting: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(connecting, (error: Error) => {
    assert.ok(error.message.includes(message), `expected "${message}" in: ${error.message}`);
    const cause = error.cause as { code?: unknown } | undefined;
    assert.equal(cause?.code, -32000, `JSON-RPC code of: ${String(error.cause)}`);
    return true;
  });
}

describe('an MCP client through airlock-bridge to airlock serve --socket', () => {
  let sandbox: Sandbox;
  let airlock: SocketCli;
  const bridgeArgs = () => ['--data-dir', sandbox.dataDir, '--client', 'test'];

  before(async () => {
    sandbox = await makeSandbox();
    await sandbox.file(sandbox.ws, 'note.txt', NOTE);
    airlock = await startSocketCli({
      workspace: sandbox.ws,
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
  });
  after(async () => {
    await airlock?.stop();
    await sandbox?.cleanup();
  });

  it('prints where it listens: airlock.sock in the data dir', () => {
    assert.equal(airlock.endpoint, path.join(sandbox.dataDir, 'airlock.sock'));
  });

  it('lists the tools and calls them', async () => {
    const bridged = await connectThroughBridge({ home: sandbox.home, args: bridgeArgs() });
    try {
      const { tools } = await bridged.client.listTools();
      const names = tools.map((tool) => tool.name);
      assert.ok(names.includes('read_text_file') && names.includes('search_files'), names.join());
      assert.ok(
        !names.includes('write_file'),
        'CLI workspaces are read-only without --allow-write',
      );
      const dirs = await bridged.client.callTool({
        name: 'list_allowed_directories',
        arguments: {},
      });
      assert.match(assertOk(dirs), new RegExp(sandbox.ws.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')));
      const read = await bridged.client.callTool({
        name: 'read_text_file',
        arguments: { path: 'note.txt' },
      });
      assert.equal(textOf(read), NOTE);
    } finally {
      await bridged.close();
    }
    const call = (await auditRecords(sandbox.dataDir)).findLast((r) => r.event === 'tool_call');
    assert.equal(call?.transport, 'socket');
    assert.equal(call?.tool, 'read_text_file');
  });

  it('exits 0 once the client closes its end, after relaying every answer', async () => {
    const bridge = spawn(process.execPath, [BRIDGE_PATH, ...bridgeArgs()], {
      env: testEnv(sandbox.home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    bridge.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = once(bridge, 'exit');
    bridge.stdin.write(`${JSON.stringify(initializeMessage())}\n`);
    while (!stdout.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
    bridge.stdin.end();
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'stdout carries JSON-RPC only');
    const answer = JSON.parse(lines[0] ?? '') as {
      id: number;
      result: { serverInfo: { name: string } };
    };
    assert.equal(answer.id, 1);
    assert.equal(answer.result.serverInfo.name, 'airlock');
  });

  it('serves several bridged clients at once', async () => {
    const clients = await Promise.all(
      [1, 2, 3].map(() => connectThroughBridge({ home: sandbox.home, args: bridgeArgs() })),
    );
    try {
      const texts = await Promise.all(
        clients.map(async ({ client }) =>
          textOf(
            await client.callTool({ name: 'read_text_file', arguments: { path: 'note.txt' } }),
          ),
        ),
      );
      assert.deepEqual(texts, [NOTE, NOTE, NOTE]);
    } finally {
      await Promise.all(clients.map((bridged) => bridged.close()));
    }
  });

  it('with a wrong token, answers initialize with a clear JSON-RPC error and Airlock records it', async () => {
    const file = path.join(sandbox.dataDir, 'bridge-token');
    const real = await readFile(file, 'utf8');
    await writeFile(file, `${'W'.repeat(43)}\n`);
    try {
      await assertInitializeFails(
        connectThroughBridge({ home: sandbox.home, args: bridgeArgs() }),
        WRONG_TOKEN_MESSAGE,
      );
      // Without --client, the bridge names the client from its MCP clientInfo.
      await assertInitializeFails(
        connectThroughBridge({ home: sandbox.home, args: ['--data-dir', sandbox.dataDir] }),
        WRONG_TOKEN_MESSAGE,
      );
    } finally {
      await writeFile(file, real);
    }
    const refusals = (await auditRecords(sandbox.dataDir)).filter(
      (r) => r.event === 'auth_failure',
    );
    assert.deepEqual(
      refusals.map((r) => [r.transport, r.outcome, r.reason, r.detail]),
      [
        ['socket', 'denied', 'wrong bridge token', { client: 'test' }],
        ['socket', 'denied', 'wrong bridge token', { client: 'airlock-bridge-test 0.0.0' }],
      ],
    );
    const bridged = await connectThroughBridge({ home: sandbox.home, args: bridgeArgs() });
    await bridged.close();
  });

  it('refuses a second serve --socket on the same data dir: "Airlock is already running"', async () => {
    const second = await runSocketCliToExit({
      workspace: sandbox.ws,
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
    assert.equal(second.code, 1);
    assert.match(second.stderr, /Airlock is already running/);
    const bridged = await connectThroughBridge({ home: sandbox.home, args: bridgeArgs() });
    await bridged.close();
  });
});

describe('airlock-bridge when Airlock is not running', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
    await sandbox.file(sandbox.ws, 'note.txt', NOTE);
  });
  after(async () => {
    await sandbox?.cleanup();
  });

  it('answers initialize with "Airlock is not running", naming the app and "airlock serve --socket" with its data dir', async () => {
    await assertInitializeFails(
      connectThroughBridge({ home: sandbox.home, args: ['--data-dir', sandbox.dataDir] }),
      notRunning(sandbox.dataDir),
    );
  });

  it('names "airlock serve --socket" without --data-dir when the bridge looks in the default one', async () => {
    await assertInitializeFails(
      connectThroughBridge({ home: sandbox.home, args: [] }),
      notRunning(),
    );
  });

  it('keeps answering every request with that error until the client ends, and never notifications', async () => {
    const bridge = spawn(process.execPath, [BRIDGE_PATH, '--data-dir', sandbox.dataDir], {
      env: testEnv(sandbox.home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    bridge.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = once(bridge, 'exit');
    const lines = () => stdout.split('\n').filter(Boolean);
    const waitForLines = async (count: number) => {
      while (lines().length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    bridge.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} })}\n`,
    );
    await waitForLines(1);
    bridge.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
    );
    bridge.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 'two', method: 'tools/list' })}\n`);
    await waitForLines(2);
    bridge.stdin.end();
    const [code] = (await exited) as [number | null];
    assert.equal(code, 1, 'nothing was served');
    const answers = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      answers,
      [1, 'two'].map((id) => ({
        jsonrpc: '2.0',
        id,
        error: { code: -32000, message: notRunning(sandbox.dataDir) },
      })),
    );
  });

  it('answers the same when a crash left a stale socket file, and serve --socket then replaces it', async () => {
    const socketPath = path.join(sandbox.dataDir, 'airlock.sock');
    await plantStaleSocket(socketPath);
    await assertInitializeFails(
      connectThroughBridge({ home: sandbox.home, args: ['--data-dir', sandbox.dataDir] }),
      NOT_RUNNING,
    );
    const airlock = await startSocketCli({
      workspace: sandbox.ws,
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
    try {
      const bridged = await connectThroughBridge({
        home: sandbox.home,
        args: ['--data-dir', sandbox.dataDir],
      });
      try {
        const read = await bridged.client.callTool({
          name: 'read_text_file',
          arguments: { path: 'note.txt' },
        });
        assert.equal(textOf(read), NOTE);
      } finally {
        await bridged.close();
      }
    } finally {
      assert.equal(await airlock.stop(), 0);
    }
    await assert.rejects(lstat(socketPath), { code: 'ENOENT' }, 'stopping removes the socket file');
  });

  it('with --launch, starts the app and is served once it listens', async () => {
    const dataDir = await sandbox.dir('launched-data');
    const pidFile = path.join(sandbox.root, 'launched.pid');
    // The app under test: serve --socket on the data dir the bridge hands it (AIRLOCK_DATA_DIR).
    const script = await sandbox.file(
      sandbox.root,
      'launch-airlock.sh',
      [
        '#!/bin/sh',
        `echo $$ > '${pidFile}'`,
        `exec '${process.execPath}' ${socketServeCommand(sandbox.ws)} 2>> '${path.join(sandbox.root, 'launched.log')}'`,
        '',
      ].join('\n'),
    );
    await chmod(script, 0o755);
    const started = Date.now();
    try {
      const bridged = await connectThroughBridge({
        home: sandbox.home,
        args: ['--data-dir', dataDir, '--launch', script],
      });
      try {
        const read = await bridged.client.callTool({
          name: 'read_text_file',
          arguments: { path: 'note.txt' },
        });
        assert.equal(textOf(read), NOTE);
      } finally {
        await bridged.close();
      }
      assert.ok(Date.now() - started < 10_000, `served within 10 s (${Date.now() - started} ms)`);
    } finally {
      const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
      if (pid > 0) process.kill(pid, 'SIGTERM');
    }
  });

  it('with --launch of an app that cannot start, still answers "Airlock is not running"', async () => {
    const started = Date.now();
    await assertInitializeFails(
      connectThroughBridge({
        home: sandbox.home,
        args: ['--data-dir', sandbox.dataDir, '--launch', path.join(sandbox.root, 'no-such-app')],
      }),
      NOT_RUNNING,
    );
    assert.ok(Date.now() - started < 5000, 'a launch that fails is not waited on');
  });
});

/** `airlock serve --socket` without --data-dir, quoted for sh: the data dir comes from the bridge. */
function socketServeCommand(workspace: string): string {
  return socketServeArgs(workspace)
    .map((arg) => `'${arg}'`)
    .join(' ');
}
