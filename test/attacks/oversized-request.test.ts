// A request too large to take: a 200 MB write_file overflowed the SDK's 10 MiB stdio read
// buffer, the transport closed, and the server was gone for every later call. Airlock must
// answer such a request with a JSON-RPC error, never hold it whole in memory, and go on
// serving the same connection, over stdio (with the v2 and the v1 SDK client) and over the
// local socket the bridge uses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport as V1StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { verifyAuditLog } from '../../main/core/audit/verify.ts';
import { DEFAULT_LIMITS } from '../../main/core/policy/limits.ts';
import { maxRequestBytes } from '../../main/core/server/bounded-stdio-transport.ts';
import { startV1Client } from '../helpers/each-client.ts';
import { initializeMessage } from '../helpers/http-raw.ts';
import { assertAlive, assertOk, call } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { CLI_PATH, serverEnv } from '../helpers/server.ts';
import { serveSandbox } from '../helpers/suite.ts';
import {
  shakeHands,
  startSocketAirlock,
  type SocketAirlock,
} from '../core/socket/socket-fixture.ts';

const MB = 1_000_000;
const HUGE_BYTES = 200 * MB;
/** JSON-RPC's "Invalid Request". */
const INVALID_REQUEST = -32600;
const REFUSAL = /larger than Airlock accepts/;
/**
 * How much more memory the server may hold at its peak than before the request: the longest
 * line it takes (49 MiB with the default limits), and a margin for the 64 KiB chunks already
 * dropped but not yet collected (measured at 66-88 MiB in all). Holding the request itself
 * would take more than its 191 MiB.
 */
const MAX_GROWTH = maxRequestBytes(DEFAULT_LIMITS) + 64 * 1024 * 1024;

/** The 200 MB argument, built once for the whole file and dropped when it is done. */
let hugeContent: string | undefined;
const huge = (): string => (hugeContent ??= 'x'.repeat(HUGE_BYTES));
after(() => {
  hugeContent = undefined;
});

/** A process's peak resident memory so far, from Linux's /proc; undefined elsewhere. */
function peakRss(pid: number): number | undefined {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

function assertBoundedGrowth(
  t: TestContext,
  before: number | undefined,
  afterwards: number | undefined,
): void {
  if (before === undefined || afterwards === undefined) return;
  const grew = afterwards - before;
  t.diagnostic(`peak memory grew by ${(grew / 2 ** 20).toFixed(1)} MiB during the request`);
  assert.ok(
    grew < MAX_GROWTH,
    `the server's peak memory grew by ${(grew / 2 ** 20).toFixed(0)} MiB (at most ${(MAX_GROWTH / 2 ** 20).toFixed(0)} MiB)`,
  );
}

function assertRefusedAsTooLarge(error: unknown): true {
  const { code, message } = error as { code?: unknown; message?: unknown };
  assert.equal(code, INVALID_REQUEST, `a JSON-RPC Invalid Request error: ${String(message)}`);
  assert.match(String(message), REFUSAL);
  return true;
}

/**
 * The audit log verifies with `airlock audit verify`, records the refused request by its
 * size, and its last record is `tool`, ok.
 */
function assertAuditIntact(sandbox: Sandbox, tool: string): void {
  const verify = spawnSync(
    process.execPath,
    [CLI_PATH, 'audit', 'verify', '--data-dir', sandbox.dataDir],
    { env: serverEnv(sandbox.home), encoding: 'utf8' },
  );
  assert.equal(verify.status, 0, `audit verify: ${verify.stdout}${verify.stderr}`);
  const lines = readFileSync(path.join(sandbox.dataDir, 'audit', 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n');
  const records = lines.map(
    (line) => JSON.parse(line) as { tool?: string; outcome?: string; reason?: string },
  );
  assert.ok(
    records.some(
      (record) =>
        record.outcome === 'denied' && /^too_large: a request of/.test(record.reason ?? ''),
    ),
    'the refused request is in the audit log',
  );
  const last = records.at(-1) ?? {};
  assert.equal(last.tool, tool);
  assert.equal(last.outcome, 'ok');
}

describe('attack: a 200 MB request over stdio, from the v2 SDK client', () => {
  const ctx = serveSandbox({ allowWrite: true });

  it('answers a 200 MB write_file with a JSON-RPC error and serves the next call', async (t) => {
    const pid = ctx.server.pid;
    assert.ok(pid);
    const before = peakRss(pid);
    await assert.rejects(
      ctx.client.callTool(
        { name: 'write_file', arguments: { path: 'huge.txt', content: huge() } },
        { timeout: 120_000 },
      ),
      assertRefusedAsTooLarge,
    );
    assertBoundedGrowth(t, before, peakRss(pid));
    await assertAlive(ctx.client, ctx.sandbox.ws);
    assertOk(await call(ctx.client, 'write_file', { path: 'small.txt', content: 'small\n' }));
    assert.equal(readFileSync(path.join(ctx.sandbox.ws, 'small.txt'), 'utf8'), 'small\n');
    assert.equal(existsSync(path.join(ctx.sandbox.ws, 'huge.txt')), false);
    assertAuditIntact(ctx.sandbox, 'write_file');
  });
});

describe('a large legal request over stdio', () => {
  const ctx = serveSandbox({ allowWrite: true });

  it("writes 3 MiB of control characters, 18 MiB once escaped, past the SDK's 10 MiB buffer", async () => {
    // Each \u0001 travels as six bytes: the request is larger than the SDK reader takes.
    const content = '\u0001'.repeat(3 * 1024 * 1024);
    const result = await ctx.client.callTool(
      { name: 'write_file', arguments: { path: 'escaped.bin', content } },
      { timeout: 60_000 },
    );
    assertOk(result);
    assert.equal(readFileSync(path.join(ctx.sandbox.ws, 'escaped.bin'), 'latin1'), content);
  });
});

describe('attack: a 200 MB request over stdio, from the v1 SDK client', () => {
  let sandbox: Sandbox;
  let client: V1Client;
  let transport: V1StdioClientTransport;

  before(async () => {
    sandbox = await makeSandbox();
    ({ client, transport } = await startV1Client({
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
      allowWrite: true,
    }));
  });

  after(async () => {
    await client?.close();
    await sandbox?.cleanup();
  });

  it('answers a 200 MB write_file with a JSON-RPC error and serves the next call', async (t) => {
    const pid = transport.pid;
    assert.ok(pid);
    const before = peakRss(pid);
    await assert.rejects(
      client.callTool(
        { name: 'write_file', arguments: { path: 'huge.txt', content: huge() } },
        undefined,
        { timeout: 120_000 },
      ),
      assertRefusedAsTooLarge,
    );
    assertBoundedGrowth(t, before, peakRss(pid));
    const small = await client.callTool({
      name: 'write_file',
      arguments: { path: 'small.txt', content: 'small\n' },
    });
    assert.notEqual(small.isError, true, JSON.stringify(small));
    assert.equal(readFileSync(path.join(sandbox.ws, 'small.txt'), 'utf8'), 'small\n');
    assert.equal(existsSync(path.join(sandbox.ws, 'huge.txt')), false);
    assertAuditIntact(sandbox, 'write_file');
  });
});

describe('attack: a 200 MB request over the local socket', () => {
  let airlock: SocketAirlock;
  before(async () => {
    airlock = await startSocketAirlock();
  });
  after(() => airlock?.close());

  it('answers a 200 MB write_file with an error for its id and serves the next call', async (t) => {
    const { reply, connection } = await shakeHands(airlock.endpoint, airlock.token);
    assert.equal(reply.ok, true);
    const { socket } = connection;
    // Waits for room in the socket's buffer; fails, rather than waits forever, once Airlock hangs up.
    const send = async (text: string | Buffer) => {
      if (socket.destroyed) throw new Error('Airlock closed the connection');
      if (socket.write(text)) return;
      await new Promise<void>((resolve, reject) => {
        const onClose = () => reject(new Error('Airlock closed the connection'));
        socket.once('close', onClose);
        socket.once('drain', () => {
          socket.off('close', onClose);
          resolve();
        });
      });
    };
    const answer = async () =>
      JSON.parse(await connection.nextLine(30_000)) as {
        id?: unknown;
        result?: { isError?: boolean };
        error?: { code: number; message: string };
      };
    try {
      await send(`${JSON.stringify(initializeMessage(1))}\n`);
      assert.ok((await answer()).result, 'initialized');
      await send(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);

      // Streamed a megabyte at a time, so this test never holds the request itself.
      let peak = process.memoryUsage.rss();
      const before = peak;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
      const megabyte = Buffer.alloc(MB, 'x');
      try {
        await send(
          '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"write_file","arguments":{"path":"huge.txt","content":"',
        );
        for (let sent = 0; sent < HUGE_BYTES; sent += MB) await send(megabyte);
        await send('"}}}\n');
        const refused = await answer();
        assert.equal(refused.id, 2, JSON.stringify(refused));
        assertRefusedAsTooLarge(refused.error);
      } finally {
        clearInterval(sampler);
      }
      assertBoundedGrowth(t, before, peak);

      const list = { name: 'list_allowed_directories', arguments: {} };
      await send(
        `${JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: list })}\n`,
      );
      const listed = await answer();
      assert.equal(listed.id, 3);
      assert.ok(listed.result && listed.result.isError !== true, JSON.stringify(listed));
      assert.equal(existsSync(path.join(airlock.sandbox.ws, 'huge.txt')), false);
      const report = await verifyAuditLog(airlock.core.audit!.file, new Uint8Array(32).fill(5));
      assert.equal(report.firstProblem, undefined, JSON.stringify(report.firstProblem));
      const records = await airlock.auditRecords();
      assert.ok(
        records.some(
          (record) =>
            record.transport === 'socket' &&
            record.outcome === 'denied' &&
            /^too_large: a request of/.test(record.reason ?? ''),
        ),
        'the refused request is in the audit log',
      );
      assert.equal(records.at(-1)?.tool, 'list_allowed_directories');
    } finally {
      socket.destroy();
    }
  });
});
