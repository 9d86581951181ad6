// The entries `airlock connect` writes really connect: the HTTP entry through the SDK v2
// client to `airlock serve --http`, and the stdio entry through airlock-bridge to
// `airlock serve --socket`. Needs `npm run build` first.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configValue } from '../../main/core/connect/merge-config.ts';
import { testEnv, startSocketCli } from '../bridge/socket-cli.ts';
import { startHttpCli } from '../helpers/http-cli.ts';
import { assertOk } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { runConnect } from './run-connect.ts';

// serve --http refuses an MCP_API_KEY shorter than 32 characters.
const KEY = `test-key-${randomUUID()}`;

function airlockEntry(text: string, container = 'mcpServers'): Record<string, unknown> {
  const servers = configValue(text)[container] as Record<string, Record<string, unknown>>;
  const entry = servers.airlock;
  assert.ok(entry, 'the airlock entry is written');
  return entry;
}

describe('the generated entries connect to a live Airlock', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
  });
  after(async () => {
    await sandbox?.cleanup();
  });

  it('Cursor: the HTTP entry reaches serve --http with its key, through the real SDK client', async () => {
    const server = await startHttpCli({
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
      key: KEY,
    });
    try {
      const configFile = path.join(sandbox.home, '.cursor', 'mcp.json');
      const run = await runConnect(
        [
          'cursor',
          '--config-file',
          configFile,
          '--port',
          String(server.port),
          '--data-dir',
          sandbox.dataDir,
        ],
        { home: sandbox.home, env: { MCP_API_KEY: KEY } },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /Using the key in MCP_API_KEY/);
      assert.equal(run.stdout, '', 'a key already in the file is never printed');
      const entry = airlockEntry(await readFile(configFile, 'utf8')) as {
        url: string;
        headers: Record<string, string>;
      };
      assert.equal(entry.url, server.url);
      const client = new Client({ name: 'cursor-like', version: '0.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(entry.url), {
          requestInit: { headers: entry.headers },
        }),
      );
      try {
        const dirs = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
        assert.ok(assertOk(dirs).includes(sandbox.ws));
      } finally {
        await client.close();
      }
    } finally {
      await server.stop();
    }
  });

  it('Claude Desktop: the stdio entry starts airlock-bridge, which answers through serve --socket', async () => {
    const dataDir = await sandbox.dir('socket-data');
    const server = await startSocketCli({ workspace: sandbox.ws, dataDir, home: sandbox.home });
    try {
      const configFile = path.join(sandbox.home, 'Claude', 'claude_desktop_config.json');
      const run = await runConnect(
        ['claude-desktop', '--config-file', configFile, '--data-dir', dataDir],
        {
          home: sandbox.home,
        },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /Quit Claude Desktop completely/);
      const entry = airlockEntry(await readFile(configFile, 'utf8')) as {
        command: string;
        args: string[];
      };
      assert.equal(
        entry.command,
        process.execPath,
        'node by absolute path: GUI apps have a minimal PATH',
      );
      assert.ok(entry.args.every((arg) => !arg.endsWith('.js') || path.isAbsolute(arg)));
      const client = new Client({ name: 'claude-desktop-like', version: '0.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: entry.command,
          args: entry.args,
          env: testEnv(sandbox.home),
        }),
      );
      try {
        const { tools } = await client.listTools();
        assert.ok(tools.some((tool) => tool.name === 'list_allowed_directories'));
      } finally {
        await client.close();
      }
    } finally {
      await server.stop();
    }
  });
});
