// Integration through the v1 SDK client (@modelcontextprotocol/sdk), which most MCP
// clients in the wild still use.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startV1Client } from '../helpers/each-client.ts';
import { FILES, READ_TOOLS, STRUCTURED_TOOLS, WRITE_TOOLS, fillWorkspace } from './fixtures.ts';

interface V1Result {
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: unknown;
  isError?: boolean;
}

function text(result: V1Result): string {
  return (result.content ?? []).map((block) => block.text ?? '').join('\n');
}

describe('v1 SDK client over stdio', () => {
  let sandbox: Sandbox;
  let client: Client;

  const ok = async (name: string, args: Record<string, unknown>): Promise<V1Result> => {
    const result = (await client.callTool({ name, arguments: args })) as V1Result;
    assert.notEqual(result.isError, true, `${name} failed: ${text(result)}`);
    const structured = (STRUCTURED_TOOLS as readonly string[]).includes(name);
    assert.equal(
      typeof result.structuredContent,
      structured ? 'object' : 'undefined',
      `${name} returns structured content only if it changes files`,
    );
    return result;
  };

  before(async () => {
    sandbox = await makeSandbox();
    await fillWorkspace(sandbox);
    ({ client } = await startV1Client({
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

  it('lists the full tool set, with output schemas for the change tools', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const tool of tools) {
      const structured = (STRUCTURED_TOOLS as readonly string[]).includes(tool.name);
      assert.equal(tool.outputSchema?.type, structured ? 'object' : undefined, tool.name);
    }
  });

  it('reads a text file, its content sent once, as text', async () => {
    const result = await ok('read_text_file', { path: 'notes/readme.md' });
    assert.equal(text(result), FILES['notes/readme.md']);
    assert.equal(result.structuredContent, undefined);
  });

  it('lists a directory', async () => {
    const result = await ok('list_directory', { path: sandbox.ws });
    for (const name of ['a.txt', 'notes/', 'src/', 'pixel.png']) {
      assert.ok(text(result).split('\n').includes(name), `${name} in ${text(result)}`);
    }
  });

  it('writes a file that lands on disk, with its change id as structured content', async () => {
    const result = await ok('write_file', { path: 'from-v1.txt', content: 'v1 was here\n' });
    assert.equal(await readFile(path.join(sandbox.ws, 'from-v1.txt'), 'utf8'), 'v1 was here\n');
    const change = result.structuredContent as { changeId?: unknown };
    assert.equal(typeof change.changeId, 'string');
  });

  it('previews an edit as a diff without changing the file', async () => {
    const result = await ok('edit_file', {
      path: 'a.txt',
      edits: [{ oldText: 'beta', newText: 'BETA' }],
      dryRun: true,
    });
    assert.match(text(result), /^-beta$/m);
    assert.match(text(result), /^\+BETA$/m);
    assert.equal(await readFile(path.join(sandbox.ws, 'a.txt'), 'utf8'), FILES['a.txt']);
  });

  it('searches names by glob and contents by literal text', async () => {
    const names = await ok('search_files', { path: '.', pattern: '**/*.md' });
    assert.match(text(names), /readme\.md/);
    assert.doesNotMatch(text(names), /code\.ts/);
    const hits = await ok('search_content', { path: '.', pattern: 'const needle', literal: true });
    assert.match(text(hits), /code\.ts/);
    assert.match(text(hits), /^src\/deep\/code\.ts\n {2}1: export const needle = 42;$/m);
  });

  it('returns a refusal as an error result and keeps answering', async () => {
    const result = (await client.callTool({
      name: 'read_text_file',
      arguments: { path: '../outside/secret.txt' },
    })) as V1Result;
    assert.equal(result.isError, true);
    assert.ok(!text(result).includes(sandbox.secret));
    const dirs = await ok('list_allowed_directories', {});
    assert.ok(text(dirs).includes(sandbox.ws));
  });
});
