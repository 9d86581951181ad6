// Oversized files, listings and searches: each limit returns a tool error (or a marked,
// truncated page) that says how to proceed, responses stay far below the client's 10 MiB
// stdio buffer, and the connection survives. The official server loses its connection
// on a 9 MiB file.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { assertAlive, assertOk, assertRefused, call, textOf } from '../helpers/results.ts';
import type { Sandbox } from '../helpers/sandbox.ts';
import { serveSandbox } from '../helpers/suite.ts';

const MiB = 1024 * 1024;
const MANY = 2500;
const LINE = 'the quick brown fox jumps over the lazy dog 0123456789\n';

function bigText(bytes: number): string {
  return LINE.repeat(Math.ceil(bytes / LINE.length)).slice(0, bytes - 5) + 'END.\n';
}

async function plant(sandbox: Sandbox): Promise<void> {
  const { ws } = sandbox;
  await writeFile(path.join(ws, 'big.txt'), bigText(12 * MiB));
  await writeFile(path.join(ws, 'nine.txt'), bigText(9 * MiB));
  await writeFile(path.join(ws, 'half-a.txt'), bigText(3.5 * MiB));
  await writeFile(path.join(ws, 'half-b.txt'), bigText(3.5 * MiB));
  const png = Buffer.alloc(12 * MiB);
  Buffer.from('89504e470d0a1a0a', 'hex').copy(png);
  await writeFile(path.join(ws, 'big.png'), png);
  await writeFile(path.join(ws, 'small.txt'), 'small\n');
  await mkdir(path.join(ws, 'many'));
  await Promise.all(
    Array.from({ length: MANY }, (_, i) =>
      writeFile(path.join(ws, 'many', `f${String(i).padStart(5, '0')}.txt`), `${i}\n`),
    ),
  );
  let deep = path.join(ws, 'deep');
  for (let level = 1; level <= 40; level++) deep = path.join(deep, `level${level}`);
  await mkdir(deep, { recursive: true });
  await writeFile(path.join(deep, 'bottom.txt'), 'bottom\n');
}

const sizeOf = (result: unknown) => Buffer.byteLength(JSON.stringify(result));
const countNames = (result: CallToolResult) =>
  new Set(JSON.stringify(result).match(/f\d{5}\.txt/g) ?? []).size;

describe('attack: oversized files and listings', () => {
  const ctx = serveSandbox({ allowWrite: true, prepare: plant });

  it('refuses reading a 12 MiB text file whole and says to use head or tail', async () => {
    for (const p of ['big.txt', 'nine.txt']) {
      const text = assertRefused(await call(ctx.client, 'read_text_file', { path: p }), [], p);
      assert.match(text, /head|tail|offset|length/i, 'the error says how to proceed');
      await assertAlive(ctx.client, ctx.sandbox.ws);
    }
  });

  it('reads the head and tail of a file too large to read whole', async () => {
    const head = await call(ctx.client, 'read_text_file', { path: 'big.txt', head: 3 });
    assert.equal(assertOk(head, 'head').replace(/\n$/, ''), LINE.repeat(3).replace(/\n$/, ''));
    const tail = await call(ctx.client, 'read_text_file', { path: 'big.txt', tail: 1 });
    assert.match(assertOk(tail, 'tail'), /END\.\n?$/);
    assert.ok(textOf(tail).length < 200);
  });

  it('refuses a 12 MiB media file and survives', async () => {
    const text = assertRefused(await call(ctx.client, 'read_media_file', { path: 'big.png' }));
    assert.match(text, /large|size|limit|MiB|MB|bytes/i);
  });

  it('keeps read_multiple_files under the response cap with per-file errors', async () => {
    const result = await call(ctx.client, 'read_multiple_files', {
      paths: ['small.txt', 'big.txt', 'half-a.txt', 'half-b.txt', 'nine.txt'],
    });
    assert.ok(sizeOf(result) < 8 * MiB, `response is ${sizeOf(result)} bytes`);
    if (result.isError !== true) {
      const text = textOf(result);
      assert.match(text, /small\n/, 'the small file is read');
      assert.match(text, /big\.txt[\s\S]*?(head|tail|too large|limit|large)/i);
    } else {
      assertRefused(result);
    }
  });

  it('refuses writing more than the write cap', async () => {
    const content = bigText(5 * MiB);
    const result = await call(
      ctx.client,
      'write_file',
      { path: 'huge-write.txt', content },
      60_000,
    );
    assert.match(assertRefused(result), /large|size|limit|MiB|MB|bytes/i);
    assert.equal(existsSync(path.join(ctx.sandbox.ws, 'huge-write.txt')), false);
  });

  for (const tool of ['list_directory', 'list_directory_with_sizes']) {
    it(`caps ${tool} of ${MANY} entries and says how to page`, async () => {
      const result = await call(ctx.client, tool, { path: 'many' });
      const text = textOf(result);
      assert.ok(countNames(result) < MANY, `${tool} returned all ${MANY} entries`);
      if (result.isError === true) assert.match(assertRefused(result), /offset|limit|pag/i);
      else assert.match(text, /truncated|more|offset|next/i, 'a truncation marker');
    });
  }

  it('pages through a large listing with offset and limit', async () => {
    const { tools } = await ctx.client.listTools();
    const schema = tools.find((t) => t.name === 'list_directory')?.inputSchema.properties ?? {};
    assert.ok('offset' in schema && 'limit' in schema, 'list_directory takes offset and limit');
    const seen = new Set<string>();
    for (let offset = 0; offset < MANY + 500; offset += 500) {
      const page = await call(ctx.client, 'list_directory', { path: 'many', offset, limit: 500 });
      const names = textOf(page).match(/f\d{5}\.txt/g) ?? [];
      assertOk(page, `page at ${offset}`);
      assert.ok(new Set(names).size <= 500, `page at ${offset} holds at most 500`);
      for (const name of names) seen.add(name);
    }
    assert.equal(seen.size, MANY, 'the pages together list every entry');
  });

  it('caps directory_tree and search_files over a large or deep tree', async () => {
    for (const [tool, args] of [
      ['directory_tree', { path: '.' }],
      ['search_files', { path: '.', pattern: '**/*.txt' }],
      ['search_files', { path: 'many', pattern: '*' }],
    ] as const) {
      const result = await call(ctx.client, tool, args);
      assert.ok(sizeOf(result) < 8 * MiB);
      assert.ok(countNames(result) < MANY, `${tool} returned all ${MANY} entries`);
      if (result.isError === true) assertRefused(result);
      else assert.match(textOf(result), /truncated|more|offset|limit|depth/i, `${tool} marker`);
    }
    const tree = await call(ctx.client, 'directory_tree', { path: 'deep' });
    if (tree.isError !== true) {
      assert.doesNotMatch(JSON.stringify(tree), /level40/, 'tree depth is capped');
    }
  });

  it('does not hang on a catastrophic regular expression', async () => {
    await ctx.sandbox.file(ctx.sandbox.ws, 'redos/input.txt', `${'a'.repeat(64)}!\n`);
    const started = Date.now();
    const slow = call(
      ctx.client,
      'search_content',
      { path: 'redos', pattern: '^(a+)+$', literal: false },
      90_000,
    );
    slow.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
    // While the regex runs, the server keeps answering other calls promptly.
    const pingStarted = Date.now();
    await assertAlive(ctx.client, ctx.sandbox.ws);
    assert.ok(Date.now() - pingStarted < 3000, 'the server answers while a search runs');
    const result = await slow;
    assert.ok(Date.now() - started < 60_000, 'the search ends within the call time limit');
    if (result.isError === true) assertRefused(result);
    else assert.doesNotMatch(textOf(result), /input\.txt:\d+/);
  });
});
