// Integration through the SDK v2 client (@modelcontextprotocol/client) over stdio.
// The v2 client validates structuredContent against each tool's outputSchema itself,
// so every successful call of a change tool here also checks the output schema.
import assert from 'node:assert/strict';
import { chmod, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import {
  assertAlive,
  assertOk,
  assertRefused,
  call,
  textOf,
  type ToolArgs,
} from '../helpers/results.ts';
import {
  FILES,
  READ_TOOLS,
  STRUCTURED_TOOLS,
  TINY_PNG,
  WRITE_TOOLS,
  fillWorkspace,
} from './fixtures.ts';

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('SDK v2 client over stdio, writable workspace', () => {
  let sandbox: Sandbox;
  let ws2: string;
  let server: RunningServer;
  const ok = async (name: string, args: ToolArgs) => {
    const result = await call(server.client, name, args);
    assertOk(result, name);
    return result;
  };

  before(async () => {
    sandbox = await makeSandbox();
    await fillWorkspace(sandbox);
    ws2 = await sandbox.dir('second');
    await sandbox.file(ws2, 'other.txt', 'from the second workspace\n');
    server = await startServer({
      workspaces: [sandbox.ws, ws2],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
      allowWrite: true,
    });
  });

  after(async () => {
    await server?.close();
    await sandbox?.cleanup();
  });

  it('lists every tool with annotations and an input schema, and an output schema where a program needs one', async () => {
    const { tools } = await server.client.listTools();
    const names = tools.map((tool) => tool.name).sort();
    assert.deepEqual(names, [...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const tool of tools) {
      assert.ok(tool.description && tool.description.length > 20, `${tool.name} has a description`);
      assert.equal(tool.inputSchema.type, 'object', `${tool.name} input schema`);
      const structured = (STRUCTURED_TOOLS as readonly string[]).includes(tool.name);
      assert.equal(
        tool.outputSchema?.type,
        structured ? 'object' : undefined,
        `${tool.name} declares an output schema only if it changes files`,
      );
      assert.equal(tool.annotations?.openWorldHint, false, `${tool.name} openWorldHint`);
      const readOnly = (READ_TOOLS as readonly string[]).includes(tool.name);
      assert.equal(tool.annotations?.readOnlyHint, readOnly, `${tool.name} readOnlyHint`);
      if (!readOnly) {
        assert.equal(
          typeof tool.annotations?.destructiveHint,
          'boolean',
          `${tool.name} destructive`,
        );
        assert.equal(typeof tool.annotations?.idempotentHint, 'boolean', `${tool.name} idempotent`);
      }
    }
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    assert.equal(byName.get('delete_file')?.annotations?.destructiveHint, true);
    assert.equal(byName.get('write_file')?.annotations?.destructiveHint, true);
    assert.equal(byName.get('create_directory')?.annotations?.destructiveHint, false);
    assert.equal(byName.get('create_directory')?.annotations?.idempotentHint, true);
    assert.equal(byName.get('move_file')?.annotations?.idempotentHint, false);
    assert.deepEqual(byName.get('read_text_file')?.inputSchema.required, ['path']);
    assert.deepEqual(byName.get('move_file')?.inputSchema.required?.sort(), [
      'destination',
      'source',
    ]);
  });

  it('names both workspaces in list_allowed_directories, once, as text', async () => {
    const result = await ok('list_allowed_directories', {});
    for (const ws of [sandbox.ws, ws2]) {
      assert.ok(textOf(result).includes(ws), `text names ${ws}`);
    }
    assert.equal(result.structuredContent, undefined, 'the answer is not sent twice');
  });

  it('reads a text file by absolute path and by path relative to the first workspace', async () => {
    for (const p of [path.join(sandbox.ws, 'a.txt'), 'a.txt', './notes/../a.txt']) {
      const result = await ok('read_text_file', { path: p });
      assert.equal(textOf(result), FILES['a.txt'], `content of ${p}`);
      assert.equal(result.structuredContent, undefined, 'the content is sent once');
    }
    const other = await ok('read_text_file', { path: path.join(ws2, 'other.txt') });
    assert.equal(textOf(other), 'from the second workspace\n');
  });

  it('reads only the first or last lines with head and tail', async () => {
    const head = await ok('read_text_file', { path: 'a.txt', head: 1 });
    assert.match(textOf(head), /^alpha\n?$/);
    const tail = await ok('read_text_file', { path: 'a.txt', tail: 1 });
    assert.match(textOf(tail), /^gamma\n?$/);
  });

  it('lists a directory with files and folders marked', async () => {
    const result = await ok('list_directory', { path: sandbox.ws });
    const text = textOf(result);
    assert.match(text, /^.*\ba\.txt\b.*$/m);
    assert.match(text, /^.*\bnotes\b.*$/m);
    assert.doesNotMatch(text, /code\.ts/, 'a listing is not recursive');
    for (const line of ['a.txt', 'notes/', 'src/', 'pixel.png']) {
      assert.ok(text.split('\n').includes(line), `${line} in ${text}`);
    }
  });

  it('lists a directory with sizes', async () => {
    const result = await ok('list_directory_with_sizes', { path: '.', sortBy: 'size' });
    const text = textOf(result);
    assert.match(text, /a\.txt/);
    assert.ok(text.split('\n').includes(`a.txt ${FILES['a.txt'].length}`), text);
    assert.match(text, /^pixel\.png \d+$/m);
  });

  it('returns a directory tree that reaches nested files', async () => {
    const result = await ok('directory_tree', { path: 'src' });
    assert.equal(textOf(result), `${path.join(sandbox.ws, 'src')}/\n  deep/\n    code.ts`);
  });

  it('reports file info with the size in bytes', async () => {
    const result = await ok('get_file_info', { path: 'notes/readme.md' });
    assert.match(textOf(result), new RegExp(`^size: ${FILES['notes/readme.md'].length}$`, 'm'));
  });

  it('reads several files at once and reports a missing one inline', async () => {
    const result = await ok('read_multiple_files', {
      paths: ['a.txt', 'notes/readme.md', 'missing.txt'],
    });
    const text = textOf(result);
    assert.ok(text.includes('alpha\nbeta'), text);
    assert.ok(text.includes('# Notes'), text);
    assert.match(text, /missing\.txt/);
    assert.equal(result.structuredContent, undefined, 'the files are sent once');
  });

  it('reads a media file as base64 with its MIME type', async () => {
    const result = await ok('read_media_file', { path: 'pixel.png' });
    const block = result.content.find((b) => b.type === 'image');
    assert.ok(block && block.type === 'image', 'an image block');
    assert.equal(block.mimeType, 'image/png');
    assert.deepEqual(Buffer.from(block.data, 'base64'), TINY_PNG);
  });

  it('writes a new file that appears on disk', async () => {
    const result = await ok('write_file', { path: 'written.txt', content: 'written by v2\n' });
    const change = result.structuredContent as { changeId?: unknown; undoable?: unknown };
    assert.equal(typeof change.changeId, 'string', 'a change id for programs');
    assert.equal(change.undoable, true);
    assert.equal(await readFile(path.join(sandbox.ws, 'written.txt'), 'utf8'), 'written by v2\n');
  });

  it('overwrites a file atomically and keeps its mode', async () => {
    const file = await sandbox.file(sandbox.ws, 'mode.sh', '#!/bin/sh\n');
    await chmod(file, 0o751);
    await ok('write_file', { path: 'mode.sh', content: '#!/bin/sh\necho hi\n' });
    assert.equal(await readFile(file, 'utf8'), '#!/bin/sh\necho hi\n');
    assert.equal((await stat(file)).mode & 0o777, 0o751);
  });

  it('returns a unified diff for an edit dry run and leaves the file unchanged', async () => {
    const file = await sandbox.file(sandbox.ws, 'edit-me.txt', 'one\ntwo\nthree\n');
    const result = await ok('edit_file', {
      path: 'edit-me.txt',
      edits: [{ oldText: 'two', newText: 'TWO' }],
      dryRun: true,
    });
    const text = textOf(result);
    assert.match(text, /@@/);
    assert.match(text, /^-two$/m);
    assert.match(text, /^\+TWO$/m);
    assert.deepEqual(result.structuredContent, {}, 'a dry run makes no change');
    assert.equal(await readFile(file, 'utf8'), 'one\ntwo\nthree\n');
  });

  it('applies an edit, keeping CRLF line endings', async () => {
    const file = await sandbox.file(sandbox.ws, 'crlf.txt', 'one\r\ntwo\r\nthree\r\n');
    await ok('edit_file', { path: 'crlf.txt', edits: [{ oldText: 'two', newText: 'TWO' }] });
    assert.equal(await readFile(file, 'utf8'), 'one\r\nTWO\r\nthree\r\n');
  });

  it('refuses an ambiguous edit and changes nothing', async () => {
    const file = await sandbox.file(sandbox.ws, 'twice.txt', 'same\nsame\n');
    const result = await call(server.client, 'edit_file', {
      path: 'twice.txt',
      edits: [{ oldText: 'same', newText: 'other' }],
    });
    assertRefused(result, [], 'ambiguous edit');
    assert.equal(await readFile(file, 'utf8'), 'same\nsame\n');
  });

  it('finds files by glob and text inside files', async () => {
    const names = await ok('search_files', { path: '.', pattern: '**/*.ts' });
    assert.match(textOf(names), /code\.ts/);
    assert.doesNotMatch(textOf(names), /readme\.md/);
    assert.ok(textOf(names).split('\n').includes('src/deep/code.ts'), 'paths below the folder');
    const content = await ok('search_content', { path: '.', pattern: 'needle', literal: true });
    assert.match(textOf(content), /code\.ts/);
    assert.match(textOf(content), /export const needle = 42/);
    assert.match(textOf(content), /^src\/deep\/code\.ts\n {2}1: export const needle = 42;$/m);
    const regex = await ok('search_content', {
      path: '.',
      pattern: 'line (two|three)',
      literal: false,
    });
    assert.match(textOf(regex), /readme\.md/);
  });

  it('creates a directory, moves a file into it and never overwrites on move', async () => {
    await ok('create_directory', { path: 'made/inner' });
    assert.ok((await stat(path.join(sandbox.ws, 'made/inner'))).isDirectory());
    await sandbox.file(sandbox.ws, 'to-move.txt', 'moving\n');
    await ok('move_file', { source: 'to-move.txt', destination: 'made/inner/moved.txt' });
    assert.equal(await readFile(path.join(sandbox.ws, 'made/inner/moved.txt'), 'utf8'), 'moving\n');
    await sandbox.file(sandbox.ws, 'blocker.txt', 'blocker\n');
    const clash = await call(server.client, 'move_file', {
      source: 'blocker.txt',
      destination: 'made/inner/moved.txt',
    });
    assertRefused(clash, [], 'move onto an existing file');
    assert.equal(await readFile(path.join(sandbox.ws, 'made/inner/moved.txt'), 'utf8'), 'moving\n');
  });

  it('deletes a file by moving it into the history store of the data dir', async () => {
    const content = `delete me ${Date.now()}\n`;
    const file = await sandbox.file(sandbox.ws, 'doomed.txt', content);
    await ok('delete_file', { path: 'doomed.txt' });
    await assert.rejects(stat(file), { code: 'ENOENT' });
    const kept = await filesBelow(sandbox.dataDir);
    const contents = await Promise.all(kept.map((f) => readFile(f, 'utf8').catch(() => '')));
    assert.ok(contents.includes(content), `the deleted file is kept in ${sandbox.dataDir}`);
  });

  it('keeps stdout to JSON-RPC only', async () => {
    await assertAlive(server.client, sandbox.ws);
    assert.deepEqual(
      server.transportErrors.map((e) => e.message),
      [],
    );
  });
});

describe('SDK v2 client over stdio, read-only workspace', () => {
  let sandbox: Sandbox;
  let server: RunningServer;

  before(async () => {
    sandbox = await makeSandbox();
    await fillWorkspace(sandbox);
    server = await startServer({
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
    });
  });

  after(async () => {
    await server?.close();
    await sandbox?.cleanup();
  });

  it('does not list write tools when no workspace is writable', async () => {
    const { tools } = await server.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [...READ_TOOLS].sort());
  });

  it('refuses a write tool called anyway and writes nothing', async () => {
    let refused = false;
    try {
      const result = await call(server.client, 'write_file', { path: 'x.txt', content: 'x' });
      refused = result.isError === true;
    } catch {
      refused = true;
    }
    assert.ok(refused, 'write_file is refused');
    await assert.rejects(stat(path.join(sandbox.ws, 'x.txt')), { code: 'ENOENT' });
    await assertAlive(server.client, sandbox.ws);
  });

  it('still reads', async () => {
    const result = await call(server.client, 'read_text_file', { path: 'a.txt' });
    assert.equal(assertOk(result), FILES['a.txt']);
  });
});
