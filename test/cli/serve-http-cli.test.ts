// `airlock serve --http` as a user runs it: the built CLI in its own process, a key in
// MCP_API_KEY, real clients over loopback, the audit log in the data dir.
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../main/core/audit/audit-record.ts';
import { READ_TOOLS, WRITE_TOOLS } from '../integration/fixtures.ts';
import { NOTE_NAME, NOTE_TEXT, newKey } from '../helpers/http-airlock.ts';
import { startHttpCli, runHttpCliToExit, type HttpCli } from '../helpers/http-cli.ts';
import { connectV1, connectV2, resultText } from '../helpers/http-clients.ts';
import { modernCall, rawRequest } from '../helpers/http-raw.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';

let sandbox: Sandbox;
before(async () => {
  sandbox = await makeSandbox();
  await sandbox.file(sandbox.ws, NOTE_NAME, NOTE_TEXT);
});
after(async () => {
  await sandbox?.cleanup();
});

async function auditRecords(dataDir: string): Promise<{ text: string; records: AuditRecord[] }> {
  const text = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
  const records = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
  return { text, records };
}

describe('airlock serve --http with MCP_API_KEY', () => {
  const key = newKey();
  let server: HttpCli;
  let dataDir: string;
  before(async () => {
    dataDir = await sandbox.dir('data-rw');
    server = await startHttpCli({
      workspaces: [sandbox.ws],
      dataDir,
      home: sandbox.home,
      key,
      allowWrite: true,
    });
  });
  after(async () => {
    await server?.stop();
  });

  it('prints one listening line on 127.0.0.1 and nothing else that names the key', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const lines = server
      .stderr()
      .split('\n')
      .filter((line) => line.includes('listening'));
    assert.equal(lines.length, 1);
    assert.ok(!server.stderr().includes(key), 'the key is not printed');
  });

  it('serves the v2 client: tools, a read, a refusal', async () => {
    const client = await connectV2(server.url, key, 'modern');
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name).sort();
      assert.deepEqual(names, [...READ_TOOLS, ...WRITE_TOOLS].sort());
      const read = await client.callTool({
        name: 'read_text_file',
        arguments: { path: NOTE_NAME },
      });
      assert.equal(resultText(read), NOTE_TEXT);
      const refused = await client.callTool({
        name: 'read_text_file',
        arguments: { path: sandbox.secretFile },
      });
      assert.equal(refused.isError, true);
      assert.ok(!resultText(refused).includes(sandbox.secret));
    } finally {
      await client.close();
    }
  });

  it('serves the v1 client in a session', async () => {
    const { client, transport } = await connectV1(server.url, key);
    try {
      assert.ok(transport.sessionId);
      const read = await client.callTool({
        name: 'read_text_file',
        arguments: { path: NOTE_NAME },
      });
      assert.equal(resultText(read as { content?: unknown }), NOTE_TEXT);
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });

  it('refuses another key and a foreign Host', async () => {
    const wrong = await modernCall(server.port, newKey(), 'read_text_file', { path: NOTE_NAME });
    assert.equal(wrong.status, 401);
    assert.ok(wrong.headers['www-authenticate']?.startsWith('Bearer'));
    const rebound = await modernCall(
      server.port,
      key,
      'read_text_file',
      { path: NOTE_NAME },
      { host: `evil.example:${server.port}` },
    );
    assert.equal(rebound.status, 403);
  });

  it('is not reachable on the machine’s other addresses', async (t) => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && address.family === 'IPv4')
      .map((address) => address?.address ?? '');
    if (others.length === 0) {
      // Reported as a skip, never as a pass: there is nothing to try from.
      t.skip('this machine has no non-loopback IPv4 address');
      return;
    }
    for (const address of others.slice(0, 3)) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = createConnection({ host: address, port: server.port });
        socket.setTimeout(2_000, () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      assert.notEqual(outcome, 'connected', `reachable on ${address}`);
    }
  });

  it('records every call in the audit log with the key name, never the key', async () => {
    const before = (await auditRecords(dataDir)).records.length;
    const response = await modernCall(server.port, key, 'read_text_file', { path: NOTE_NAME });
    assert.equal(response.status, 200);
    await rawRequest(server.port, { headers: { authorization: `Bearer ${newKey()}` } });
    const { text, records } = await auditRecords(dataDir);
    const written = records.slice(before);
    assert.deepEqual(
      written.map((record) => [record.event, record.transport, record.keyName]),
      [
        ['tool_call', 'http', 'MCP_API_KEY'],
        ['auth_failure', 'http', undefined],
      ],
    );
    assert.ok(!text.includes(key), 'the key is not in the audit log');
  });

  it('stops on SIGTERM with exit code 0', async () => {
    assert.equal(await server.stop(), 0, server.stderr());
  });
});

describe('airlock serve --http, other ways to start it', () => {
  it('refuses to start with no key at all', async () => {
    const { code, stderr, killed } = await runHttpCliToExit({
      workspaces: [sandbox.ws],
      dataDir: await sandbox.dir('data-nokey'),
      home: sandbox.home,
      key: undefined,
    });
    assert.equal(killed, false, `it exits by itself instead of hanging:\n${stderr}`);
    assert.notEqual(code, 0);
    assert.match(stderr, /without a key|no key/i);
    assert.doesNotMatch(stderr, /listening/);
  });

  it('refuses a non-loopback --host', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::']) {
      const { code, stderr, killed } = await runHttpCliToExit({
        workspaces: [sandbox.ws],
        dataDir: await sandbox.dir('data-host'),
        home: sandbox.home,
        key: newKey(),
        host,
      });
      assert.equal(killed, false, `--host ${host}: exits by itself`);
      assert.notEqual(code, 0, `--host ${host}`);
      assert.doesNotMatch(stderr, /listening/, `--host ${host}`);
    }
  });

  it('serves on [::1] when asked, read-only without --allow-write', async () => {
    const key = newKey();
    const server = await startHttpCli({
      workspaces: [sandbox.ws],
      dataDir: await sandbox.dir('data-v6'),
      home: sandbox.home,
      key,
      host: '::1',
    });
    try {
      assert.match(server.url, /^http:\/\/\[::1\]:\d+\/mcp$/);
      const client = await connectV2(server.url, key, 'modern');
      try {
        const names = (await client.listTools()).tools.map((tool) => tool.name).sort();
        assert.deepEqual(names, [...READ_TOOLS].sort(), 'no write tools without --allow-write');
        const read = await client.callTool({
          name: 'read_text_file',
          arguments: { path: NOTE_NAME },
        });
        assert.equal(resultText(read), NOTE_TEXT);
      } finally {
        await client.close();
      }
    } finally {
      await server.stop();
    }
  });
});

describe('airlock serve --http under a misbehaving client', () => {
  it('keeps running when a client ends its session while one of its calls waits', async () => {
    // A client that offers roots has its calls wait for them; ending the session then
    // releases the waiting call into a closed session. One such client must not be able
    // to stop the server for everyone.
    const key = newKey();
    const server = await startHttpCli({
      workspaces: [sandbox.ws],
      dataDir: await sandbox.dir('data-mid-call'),
      home: sandbox.home,
      key,
    });
    try {
      const transport = new V1Transport(new URL(server.url), {
        requestInit: { headers: { Authorization: `Bearer ${key}` } },
      });
      const client = new V1Client(
        { name: 'leaves-mid-call', version: '0.0.0' },
        { capabilities: { roots: { listChanged: true } } },
      );
      client.setRequestHandler(ListRootsRequestSchema, async () => {
        await sleep(2_000);
        return { roots: [] };
      });
      await client.connect(transport);
      void client
        .callTool({ name: 'read_text_file', arguments: { path: sandbox.secretFile } })
        .catch(() => undefined);
      await sleep(300);
      await transport.terminateSession().catch(() => undefined);
      await client.close();
      await sleep(700);
      assert.equal(
        server.child.exitCode,
        null,
        `the server exited: ${server.stderr().split('\n').slice(-15).join('\n')}`,
      );
      const response = await modernCall(server.port, key, 'read_text_file', { path: NOTE_NAME });
      assert.equal(response.status, 200);
    } finally {
      await server.stop();
    }
  });
});
