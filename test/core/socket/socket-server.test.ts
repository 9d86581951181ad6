// The local socket server in-process: permissions, the bridge handshake, MCP after it,
// concurrency and the kill switch. test/socket/socket-start.test.ts covers starting and
// stopping (stale sockets, a second Airlock).
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PAUSED_MESSAGE } from '../../../main/core/policy/policy-error.ts';
import { WRONG_TOKEN_MESSAGE } from '../../../main/core/socket/handshake.ts';
import { initializeMessage } from '../../helpers/http-raw.ts';
import { assertOk, textOf } from '../../helpers/results.ts';
import {
  connectRaw,
  connectSdkClient,
  handshakeLine,
  NOTE_NAME,
  NOTE_TEXT,
  shakeHands,
  startSocketAirlock,
  type SocketAirlock,
} from './socket-fixture.ts';

const INITIALIZE = initializeMessage();

describe('the local socket server', () => {
  let airlock: SocketAirlock;
  before(async () => {
    airlock = await startSocketAirlock({ handshakeTimeoutMs: 300 });
  });
  after(async () => {
    await airlock?.close();
  });

  /** The server still serves a good client: it reads the note through the SDK client. */
  async function assertStillServes(): Promise<void> {
    const client = await connectSdkClient(airlock.endpoint, airlock.token);
    try {
      const result = await client.callTool({
        name: 'read_text_file',
        arguments: { path: NOTE_NAME },
      });
      assert.equal(assertOk(result), NOTE_TEXT);
    } finally {
      await client.close();
    }
  }

  it('listens on airlock.sock in the data dir, with the dir 0700 and the socket 0600', async () => {
    assert.equal(airlock.endpoint, path.join(airlock.sandbox.dataDir, 'airlock.sock'));
    const dir = await stat(airlock.sandbox.dataDir);
    const socket = await stat(airlock.endpoint);
    assert.ok(socket.isSocket());
    assert.equal(dir.mode & 0o777, 0o700);
    assert.equal(socket.mode & 0o777, 0o600);
  });

  it('serves the SDK v2 client after the handshake: it lists the tools and reads a file', async () => {
    const client = await connectSdkClient(airlock.endpoint, airlock.token);
    try {
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      assert.ok(names.includes('read_text_file'), `tools: ${names.join(', ')}`);
      assert.ok(
        names.includes('write_file'),
        'the workspace is writable, so write tools are listed',
      );
      const result = await client.callTool({
        name: 'read_text_file',
        arguments: { path: NOTE_NAME },
      });
      assert.equal(textOf(result), NOTE_TEXT);
    } finally {
      await client.close();
    }
  });

  it('records tool calls over the socket with transport "socket" and the MCP client name', async () => {
    await assertStillServes();
    const records = await airlock.auditRecords();
    const call = records.findLast((record) => record.event === 'tool_call');
    assert.equal(call?.transport, 'socket');
    assert.equal(call?.tool, 'read_text_file');
    assert.equal(call?.client, 'airlock-socket-test 0.0.0');
  });

  it('refuses a wrong token with a clear error, closes the connection and writes an audit record', async () => {
    const wrong = `${airlock.token.slice(0, -2)}xx`;
    const { reply, connection } = await shakeHands(airlock.endpoint, wrong, 'evil-client');
    assert.deepEqual(reply, { ok: false, error: WRONG_TOKEN_MESSAGE });
    await connection.closed;
    const records = await airlock.auditRecords();
    const refusal = records.findLast((record) => record.event === 'auth_failure');
    assert.ok(refusal, 'an auth_failure record was written');
    assert.equal(refusal.transport, 'socket');
    assert.equal(refusal.outcome, 'denied');
    assert.equal(refusal.reason, 'wrong bridge token');
    assert.deepEqual(refusal.detail, { client: 'evil-client' });
    assert.ok(!JSON.stringify(records).includes(wrong), 'the presented token is never recorded');
    await assertStillServes();
  });

  it('refuses a handshake without a token, and records it', async () => {
    const connection = await connectRaw(airlock.endpoint);
    connection.socket.write(`${JSON.stringify({ airlock: 'bridge/1', client: 'no-token' })}\n`);
    assert.deepEqual(JSON.parse(await connection.nextLine()), {
      ok: false,
      error: WRONG_TOKEN_MESSAGE,
    });
    await connection.closed;
    const refusal = (await airlock.auditRecords()).findLast((r) => r.event === 'auth_failure');
    assert.equal(refusal?.reason, 'missing bridge token');
    assert.deepEqual(refusal?.detail, { client: 'no-token' });
  });

  it('refuses MCP traffic sent without a handshake, and does not answer it', async () => {
    const connection = await connectRaw(airlock.endpoint);
    connection.socket.write(`${JSON.stringify(INITIALIZE)}\n`);
    const reply = JSON.parse(await connection.nextLine()) as { ok: boolean; error: string };
    assert.equal(reply.ok, false);
    assert.match(reply.error, /handshake/);
    await connection.closed;
    assert.ok(!connection.received().includes('"result"'), 'no MCP answer before a handshake');
    const refusal = (await airlock.auditRecords()).findLast((r) => r.event === 'auth_failure');
    assert.equal(refusal?.reason, 'malformed handshake');
  });

  it('refuses another handshake protocol version', async () => {
    const connection = await connectRaw(airlock.endpoint);
    connection.socket.write(`${JSON.stringify({ airlock: 'bridge/9', token: airlock.token })}\n`);
    const reply = JSON.parse(await connection.nextLine()) as { ok: boolean; error: string };
    assert.equal(reply.ok, false);
    assert.match(reply.error, /bridge\/1/);
    await connection.closed;
  });

  it('refuses a handshake line longer than 4 KiB without waiting for its end', async () => {
    const connection = await connectRaw(airlock.endpoint);
    connection.socket.write(`{"airlock":"bridge/1","token":"${'a'.repeat(5000)}`);
    const reply = JSON.parse(await connection.nextLine()) as { ok: boolean; error: string };
    assert.equal(reply.ok, false);
    await connection.closed;
    const refusal = (await airlock.auditRecords()).findLast((r) => r.event === 'auth_failure');
    assert.equal(refusal?.reason, 'handshake too long');
  });

  it('closes a connection that sends no handshake in time, saying why', async () => {
    const connection = await connectRaw(airlock.endpoint);
    const reply = JSON.parse(await connection.nextLine()) as { ok: boolean; error: string };
    assert.equal(reply.ok, false);
    assert.match(reply.error, /no handshake within/);
    await connection.closed;
  });

  it('hands MCP bytes sent in the same write as the handshake to the session', async () => {
    const connection = await connectRaw(airlock.endpoint);
    connection.socket.write(handshakeLine(airlock.token) + `${JSON.stringify(INITIALIZE)}\n`);
    assert.deepEqual(JSON.parse(await connection.nextLine()), { ok: true });
    const answer = JSON.parse(await connection.nextLine()) as { id: number; result?: unknown };
    assert.equal(answer.id, 1);
    assert.ok(answer.result, `initialize answered: ${JSON.stringify(answer)}`);
    connection.socket.end();
    await connection.closed;
  });

  it('knows each connected client by the name it gave in its handshake', async () => {
    const client = await connectSdkClient(airlock.endpoint, airlock.token, 'Claude Desktop');
    try {
      assert.deepEqual(airlock.server.connectedClients(), ['Claude Desktop']);
    } finally {
      await client.close();
    }
    await waitFor(() => airlock.server.connectedClients().length === 0);
  });

  it('strips control characters from the client name, so it cannot forge log lines', async () => {
    const client = await connectSdkClient(airlock.endpoint, airlock.token, 'a\nb\u0000c');
    try {
      assert.deepEqual(airlock.server.connectedClients(), ['abc']);
    } finally {
      await client.close();
    }
  });

  it('serves many connections at once, each its own session', async () => {
    const clients = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        connectSdkClient(airlock.endpoint, airlock.token, `client-${index}`),
      ),
    );
    try {
      assert.equal(airlock.server.connectedClients().length, 24);
      const texts = await Promise.all(
        clients.map(async (client) =>
          textOf(await client.callTool({ name: 'read_text_file', arguments: { path: NOTE_NAME } })),
        ),
      );
      assert.deepEqual(
        texts,
        clients.map(() => NOTE_TEXT),
      );
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it('while access is paused, refuses new connections with the paused message', async () => {
    airlock.access.pause();
    try {
      const { reply, connection } = await shakeHands(airlock.endpoint, airlock.token);
      assert.deepEqual(reply, { ok: false, error: PAUSED_MESSAGE });
      await connection.closed;
    } finally {
      airlock.access.resume();
    }
    await assertStillServes();
  });

  it('drops open connections when access is paused', async () => {
    const client = await connectSdkClient(airlock.endpoint, airlock.token, 'to-be-dropped');
    const closed = new Promise<void>((resolve) => (client.onclose = () => resolve()));
    airlock.access.pause();
    try {
      await closed;
      await waitFor(() => airlock.server.connectedClients().length === 0);
    } finally {
      airlock.access.resume();
    }
    await assertStillServes();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
