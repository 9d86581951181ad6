// Real MCP clients over loopback HTTP with a bearer key: the v2 SDK client (stateless
// 2026-era path and a 2025-era session), the v1 SDK client (2025-era session) and the MCP
// Inspector CLI. Each lists the tools, reads a file and gets a refusal it can show.
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { READ_TOOLS, WRITE_TOOLS } from '../../integration/fixtures.ts';
import {
  NOTE_NAME,
  NOTE_TEXT,
  startHttpAirlock,
  type HttpAirlock,
} from '../../helpers/http-airlock.ts';
import { connectV1, connectV2, resultText } from '../../helpers/http-clients.ts';
import { REPO_ROOT } from '../../helpers/server.ts';

const run = promisify(execFile);
const ALL_TOOLS = [...READ_TOOLS, ...WRITE_TOOLS].sort();

let airlock: HttpAirlock;
before(async () => {
  airlock = await startHttpAirlock();
});
after(async () => {
  await airlock?.close();
});

/** A refused read: an error result naming no secret, with a correlation id. */
function assertRefusedRead(result: { content?: unknown; isError?: boolean }): void {
  const text = resultText(result);
  assert.equal(result.isError, true, `the read is refused: ${text}`);
  assert.match(text, /\(ref: [0-9a-f]{6,}\)/, 'the refusal carries a correlation id');
  assert.ok(!text.includes(airlock.sandbox.secret), 'the refusal does not leak the secret');
}

describe('SDK v2 client on the stateless 2026-era path', () => {
  it('lists every tool, reads a file and is refused outside the workspaces', async () => {
    const sessionsBefore = airlock.server.openSessions;
    const client = await connectV2(airlock.url, airlock.key, 'modern');
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), ALL_TOOLS);
      const read = await client.callTool({
        name: 'read_text_file',
        arguments: { path: NOTE_NAME },
      });
      assert.notEqual(read.isError, true, resultText(read));
      assert.equal(resultText(read), NOTE_TEXT);
      assertRefusedRead(
        await client.callTool({
          name: 'read_text_file',
          arguments: { path: airlock.sandbox.secretFile },
        }),
      );
      assert.equal(airlock.server.openSessions, sessionsBefore, 'no session is kept');
    } finally {
      await client.close();
    }
  });
});

describe('SDK v2 client on a 2025-era session', () => {
  it('lists every tool, reads a file and is refused outside the workspaces', async () => {
    const client = await connectV2(airlock.url, airlock.key, 'legacy');
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), ALL_TOOLS);
      const read = await client.callTool({
        name: 'read_text_file',
        arguments: { path: NOTE_NAME },
      });
      assert.equal(resultText(read), NOTE_TEXT);
      assertRefusedRead(
        await client.callTool({
          name: 'read_text_file',
          arguments: { path: airlock.sandbox.secretFile },
        }),
      );
    } finally {
      await client.close();
    }
  });
});

describe('SDK v1 client (StreamableHTTPClientTransport with an Authorization header)', () => {
  it('opens one session, lists every tool, reads a file and is refused outside', async () => {
    const sessionsBefore = airlock.server.openSessions;
    const { client, transport } = await connectV1(airlock.url, airlock.key);
    try {
      assert.match(transport.sessionId ?? '', /^[A-Za-z0-9_-]{43}$/, 'a 256-bit session id');
      assert.equal(airlock.server.openSessions, sessionsBefore + 1);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), ALL_TOOLS);
      const read = await client.callTool({
        name: 'read_text_file',
        arguments: { path: NOTE_NAME },
      });
      assert.equal(resultText(read as { content?: unknown }), NOTE_TEXT);
      assertRefusedRead(
        (await client.callTool({
          name: 'read_text_file',
          arguments: { path: airlock.sandbox.secretFile },
        })) as { content?: unknown; isError?: boolean },
      );
      await transport.terminateSession();
      assert.equal(airlock.server.openSessions, sessionsBefore, 'ending the session closes it');
    } finally {
      await client.close();
    }
  });

  it('answers the first tool call promptly when the client offers roots', async () => {
    // Claude Code, VS Code and the Inspector declare roots. The server asks for them when
    // the session starts; that question must reach the client (or be dropped) without
    // holding the client's first call until the SDK's 60 s request timeout.
    const transport = new V1Transport(new URL(airlock.url), {
      requestInit: { headers: { Authorization: `Bearer ${airlock.key}` } },
    });
    const client = new V1Client(
      { name: 'airlock-http-v1-roots', version: '0.0.0' },
      { capabilities: { roots: { listChanged: true } } },
    );
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: [{ uri: `file://${airlock.sandbox.ws}` }],
    }));
    await client.connect(transport);
    try {
      const started = performance.now();
      const read = await client.callTool(
        { name: 'read_text_file', arguments: { path: NOTE_NAME } },
        undefined,
        { timeout: 5_000 },
      );
      assert.equal(resultText(read as { content?: unknown }), NOTE_TEXT);
      assert.ok(performance.now() - started < 5_000);
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }
  });
});

describe('MCP Inspector CLI over HTTP (--transport http --header)', () => {
  const inspectorDir = path.join(REPO_ROOT, 'node_modules/@modelcontextprotocol/inspector');
  const inspectorBin = path.join(
    inspectorDir,
    (
      JSON.parse(readFileSync(path.join(inspectorDir, 'package.json'), 'utf8')) as {
        bin: Record<string, string>;
      }
    ).bin['mcp-inspector'] ?? 'missing-bin',
  );

  interface InspectorRun {
    readonly output: {
      result?: { tools?: Array<{ name: string }>; content?: unknown; isError?: boolean };
      error?: { code?: string; message?: string };
    };
    readonly code: number;
    readonly stderr: string;
  }

  async function inspect(key: string, extra: readonly string[]): Promise<InspectorRun> {
    const home = airlock.sandbox.home;
    const args = [
      inspectorBin,
      '--cli',
      '--format',
      'json',
      '-q',
      airlock.url,
      '--transport',
      'http',
      '--header',
      `Authorization: Bearer ${key}`,
      ...extra,
    ];
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      MCP_CATALOG_PATH: path.join(home, 'catalog.json'),
      MCP_CLIENT_CONFIG_PATH: path.join(home, 'client.json'),
    };
    try {
      // Generous for a call that takes well under a second; the Inspector starts in ~0.4 s.
      const { stdout, stderr } = await run(process.execPath, args, { env, timeout: 8_000 });
      return { output: JSON.parse(stdout) as InspectorRun['output'], code: 0, stderr };
    } catch (error) {
      const failed = error as {
        stdout?: string;
        stderr?: string;
        code?: number | null;
        signal?: string;
      };
      if (!failed.stdout && typeof failed.code !== 'number') {
        throw new Error(
          `the inspector gave no answer (exit ${String(failed.code)}, signal ${String(failed.signal)}): ${failed.stderr ?? ''}`,
          { cause: error },
        );
      }
      return {
        output: (failed.stdout ? JSON.parse(failed.stdout) : {}) as InspectorRun['output'],
        code: typeof failed.code === 'number' ? failed.code : -1,
        stderr: failed.stderr ?? '',
      };
    }
  }

  it('lists every tool', async () => {
    const { output, code } = await inspect(airlock.key, ['--method', 'tools/list']);
    assert.equal(code, 0);
    assert.deepEqual((output.result?.tools ?? []).map((tool) => tool.name).sort(), ALL_TOOLS);
  });

  it('reads a text file', async () => {
    const { output, code } = await inspect(airlock.key, [
      '--method',
      'tools/call',
      '--tool-name',
      'read_text_file',
      '--tool-arg',
      `path=${NOTE_NAME}`,
    ]);
    assert.equal(code, 0);
    assert.equal(resultText(output.result ?? {}), NOTE_TEXT);
  });

  it('reports a refused call as an error result with a non-zero exit', async () => {
    const { output, code } = await inspect(airlock.key, [
      '--method',
      'tools/call',
      '--tool-name',
      'read_text_file',
      '--tool-arg',
      `path=${airlock.sandbox.secretFile}`,
    ]);
    assert.notEqual(code, 0);
    assertRefusedRead(output.result ?? {});
  });

  it('gets nothing with a wrong key', async () => {
    const { output, code, stderr } = await inspect('alk_wrong', ['--method', 'tools/list']);
    assert.notEqual(code, 0);
    assert.equal(output.result, undefined);
    assert.match(stderr, /auth/i, 'the Inspector reports that authorization is needed');
  });
});

describe('what a key grants', () => {
  it('offers no write tools to a read-only key, even on a writable workspace', async () => {
    const readKey = airlock.addKey({ name: 'reader', access: 'read' });
    const client = await connectV2(airlock.url, readKey);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name).sort();
      assert.deepEqual(names, [...READ_TOOLS].sort());
      const refused = await client
        .callTool({ name: 'write_file', arguments: { path: 'written.txt', content: 'no' } })
        .then(
          (result) => result.isError === true,
          () => true,
        );
      assert.ok(refused, 'write_file is refused');
      assert.ok(!existsSync(path.join(airlock.sandbox.ws, 'written.txt')), 'nothing is written');
    } finally {
      await client.close();
    }
  });

  it('keeps a key scoped to one workspace out of the others', async () => {
    const scoped = airlock.addKey({
      name: 'scoped',
      access: 'read',
      workspaces: [airlock.sandbox.ws],
    });
    const client = await connectV2(airlock.url, scoped);
    try {
      const listed = resultText(
        await client.callTool({ name: 'list_allowed_directories', arguments: {} }),
      );
      assert.ok(listed.includes(airlock.sandbox.ws));
      assert.ok(!listed.includes(airlock.otherWs), `the other workspace is not listed: ${listed}`);
      const other = await client.callTool({
        name: 'read_text_file',
        arguments: { path: path.join(airlock.otherWs, 'other.txt') },
      });
      assert.equal(other.isError, true, 'the other workspace is refused');
      assert.ok(!resultText(other).includes('only in the other workspace'));
    } finally {
      await client.close();
    }
  });
});
