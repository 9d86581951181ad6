// Integration through the MCP Inspector CLI (`@modelcontextprotocol/inspector --cli`),
// run offline from node_modules: each call spawns `airlock serve --stdio` afresh.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { REPO_ROOT, serveArgs } from '../helpers/server.ts';
import { FILES, READ_TOOLS, STRUCTURED_TOOLS, WRITE_TOOLS, fillWorkspace } from './fixtures.ts';

const run = promisify(execFile);
const INSPECTOR_DIR = path.join(REPO_ROOT, 'node_modules/@modelcontextprotocol/inspector');
const INSPECTOR_BIN = path.join(
  INSPECTOR_DIR,
  (
    JSON.parse(readFileSync(path.join(INSPECTOR_DIR, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    }
  ).bin['mcp-inspector'] ?? 'missing-bin',
);

interface InspectorOutput {
  result?: {
    tools?: Array<{ name: string; outputSchema?: { type?: string } }>;
    content?: Array<{ type: string; text?: string }>;
    structuredContent?: unknown;
    isError?: boolean;
  };
}

describe('MCP Inspector CLI over stdio', () => {
  let sandbox: Sandbox;

  async function inspect(
    method: string,
    extra: string[] = [],
  ): Promise<{ output: InspectorOutput; code: number }> {
    const args = [
      INSPECTOR_BIN,
      '--cli',
      '--format',
      'json',
      '-q',
      '-e',
      `HOME=${sandbox.home}`,
      '-e',
      'AIRLOCK_KEYCHAIN_SERVICE=airlock-test',
      // No keychain: the server would otherwise find a developer's session bus itself.
      '-e',
      'DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent',
      '--cwd',
      sandbox.home,
      process.execPath,
      ...serveArgs({
        workspaces: [sandbox.ws],
        dataDir: sandbox.dataDir,
        home: sandbox.home,
        allowWrite: true,
      }),
      '--method',
      method,
      ...extra,
    ];
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: sandbox.home,
      MCP_CATALOG_PATH: path.join(sandbox.home, 'catalog.json'),
      MCP_CLIENT_CONFIG_PATH: path.join(sandbox.home, 'client.json'),
    };
    try {
      const { stdout } = await run(process.execPath, args, { env, timeout: 30_000 });
      return { output: JSON.parse(stdout) as InspectorOutput, code: 0 };
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; code?: number };
      if (!failed.stdout) throw new Error(`inspector failed: ${failed.stderr}`, { cause: error });
      return { output: JSON.parse(failed.stdout) as InspectorOutput, code: failed.code ?? -1 };
    }
  }

  async function callTool(name: string, args: Record<string, unknown>) {
    const { output, code } = await inspect('tools/call', [
      '--tool-name',
      name,
      '--tool-args-json',
      JSON.stringify(args),
    ]);
    const result = output.result;
    assert.ok(result, `${name} returns a result`);
    const text = (result.content ?? []).map((block) => block.text ?? '').join('\n');
    return { result, text, code };
  }

  async function ok(name: string, args: Record<string, unknown>) {
    const called = await callTool(name, args);
    assert.equal(called.code, 0, `${name} exits 0: ${called.text}`);
    assert.notEqual(called.result.isError, true, `${name}: ${called.text}`);
    const structured = (STRUCTURED_TOOLS as readonly string[]).includes(name);
    assert.equal(
      typeof called.result.structuredContent,
      structured ? 'object' : 'undefined',
      `${name} returns structured content only if it changes files`,
    );
    return called;
  }

  before(async () => {
    sandbox = await makeSandbox();
    await fillWorkspace(sandbox);
  });

  after(async () => {
    await sandbox?.cleanup();
  });

  it('lists every tool', async () => {
    const { output, code } = await inspect('tools/list');
    assert.equal(code, 0);
    const tools = output.result?.tools ?? [];
    assert.deepEqual(tools.map((t) => t.name).sort(), [...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const tool of tools) {
      const structured = (STRUCTURED_TOOLS as readonly string[]).includes(tool.name);
      assert.equal(tool.outputSchema?.type, structured ? 'object' : undefined, tool.name);
    }
  });

  it('reads a text file', async () => {
    const { text, result } = await ok('read_text_file', { path: 'a.txt' });
    assert.equal(text, FILES['a.txt']);
    assert.equal(result.structuredContent, undefined, 'the content is sent once');
  });

  it('reads with a key=value argument as well', async () => {
    const { output, code } = await inspect('tools/call', [
      '--tool-name',
      'read_text_file',
      '--tool-arg',
      `path=${path.join(sandbox.ws, 'notes/readme.md')}`,
    ]);
    assert.equal(code, 0);
    assert.equal(output.result?.content?.[0]?.text, FILES['notes/readme.md']);
  });

  it('lists a directory', async () => {
    const { text } = await ok('list_directory', { path: '.' });
    for (const name of ['a.txt', 'notes/', 'src/', 'pixel.png']) {
      assert.ok(text.split('\n').includes(name), `${name} listed`);
    }
  });

  it('writes a file', async () => {
    await ok('write_file', { path: 'from-inspector.txt', content: 'inspected\n' });
    assert.equal(
      await readFile(path.join(sandbox.ws, 'from-inspector.txt'), 'utf8'),
      'inspected\n',
    );
  });

  it('previews an edit without applying it', async () => {
    const { text } = await ok('edit_file', {
      path: 'a.txt',
      edits: [{ oldText: 'gamma', newText: 'GAMMA' }],
      dryRun: true,
    });
    assert.match(text, /^-gamma$/m);
    assert.match(text, /^\+GAMMA$/m);
    assert.equal(await readFile(path.join(sandbox.ws, 'a.txt'), 'utf8'), FILES['a.txt']);
  });

  it('searches names and contents', async () => {
    const names = await ok('search_files', { path: '.', pattern: '**/code.*' });
    assert.match(names.text, /^In .+:\nsrc.deep.code\.ts$/);
    const hits = await ok('search_content', {
      path: 'src',
      pattern: 'needle\\s*=\\s*42',
      literal: false,
    });
    assert.match(hits.text, /code\.ts/);
  });

  it('reports a refused call as an error result with a non-zero exit', async () => {
    const { result, text, code } = await callTool('read_text_file', { path: sandbox.secretFile });
    assert.equal(result.isError, true);
    assert.notEqual(code, 0);
    assert.ok(!text.includes(sandbox.secret));
  });
});
