// Special files inside a workspace: a pipe (FIFO), a Unix socket or a device node. Opening a
// FIFO for reading waits until something writes to it, so a single blocking open froze the
// whole stdio server. Every tool must answer at once, refuse to read such a file with a plain
// message, and the server must keep answering (serveSandbox checks after every test).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { makeFifo as makeFifoAt, releaseFifo } from '../helpers/fifo.ts';
import { assertOk, assertRefused, call, textOf, type ToolArgs } from '../helpers/results.ts';
import { serveSandbox, type ServedSandbox } from '../helpers/suite.ts';
import { startSwapper } from '../helpers/swapper.ts';

/** Far longer than any of these calls takes; a call that waits on a pipe never answers. */
const PROMPT_MS = 5000;
const SPECIAL = /special file \(a pipe, socket or device\), not a regular file/;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** Gives a reader stuck in open() on the FIFO its writer, so a failing test frees the server. */
function release(fifo: string): void {
  // A stuck server may have more than one open waiting (the pooled access has four threads).
  for (let round = 0; round < 3; round += 1) releaseFifo(fifo);
}

async function makeFifo(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  return makeFifoAt(file);
}

/** A Unix socket file with a live listener; close it when the test ends. */
async function makeSocket(file: string): Promise<net.Server> {
  await mkdir(path.dirname(file), { recursive: true });
  const server = net.createServer((connection) => connection.destroy());
  await new Promise<void>((resolve) => server.listen(file, resolve));
  return server;
}

/**
 * A character device with /dev/null's numbers (1, 3), or undefined with the reason none can
 * be made here (mknod needs root, or CAP_MKNOD).
 */
async function makeDevice(file: string): Promise<string | undefined> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    execFileSync('mknod', [file, 'c', '1', '3'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mknod is not permitted here, so no device node can be made: ${String(error)}`;
  }
}

/** Runs one call that must answer within PROMPT_MS; frees `fifos` whatever happens. */
async function promptly(
  ctx: ServedSandbox,
  fifos: readonly string[],
  tool: string,
  args: ToolArgs,
): Promise<CallToolResult> {
  try {
    return await call(ctx.client, tool, args, PROMPT_MS);
  } finally {
    fifos.forEach(release);
  }
}

/** The reading tools, each with the arguments that read `relative`. */
function readingCalls(relative: string): Array<[string, ToolArgs]> {
  return [
    ['read_text_file', { path: relative }],
    ['read_text_file', { path: relative, head: 1 }],
    ['read_text_file', { path: relative, tail: 1 }],
    ['read_text_file', { path: relative, offset: 1, length: 1 }],
    ['read_media_file', { path: relative }],
    ['edit_file', { path: relative, edits: [{ oldText: 'a', newText: 'b' }], dryRun: true }],
    ['edit_file', { path: relative, edits: [{ oldText: 'a', newText: 'b' }] }],
  ];
}

const NAMES = ['special.png', '.npmrc', '.pypirc', '.yarnrc.yml'] as const;

/** Every reading tool refuses each special file in `folder` promptly, with the plain message. */
async function assertEveryReaderRefuses(
  ctx: ServedSandbox,
  folder: string,
  fifos: readonly string[] = [],
): Promise<void> {
  for (const name of NAMES) {
    const relative = `${folder}/${name}`;
    for (const [tool, args] of readingCalls(relative)) {
      const what = `${tool} ${JSON.stringify(args)}`;
      const text = assertRefused(await promptly(ctx, fifos, tool, args), [], what);
      assert.match(text, SPECIAL, what);
    }
    const many = await promptly(ctx, fifos, 'read_multiple_files', { paths: [relative] });
    assert.match(textOf(many), SPECIAL, `read_multiple_files ${relative}`);
    const write = await promptly(ctx, fifos, 'write_file', { path: relative, content: 'x' });
    assert.match(assertRefused(write, [], `write_file ${relative}`), SPECIAL);
  }
}

// The stdio server opens files on its own thread, the socket and HTTP servers on the thread
// pool: a blocking open freezes the first outright and ties up a pool thread in the second.
for (const fileAccess of ['inline', 'pooled'] as const) {
  describe(`attack: special files in a workspace (${fileAccess} file access)`, () => {
    const ctx = serveSandbox({ allowWrite: true, fileAccess });
    const at = (relative: string) => path.join(ctx.sandbox.ws, relative);

    it('refuses read_media_file of a FIFO without blocking the server', async () => {
      const fifo = await makeFifo(at('media/pipe.png'));
      const result = await promptly(ctx, [fifo], 'read_media_file', { path: 'media/pipe.png' });
      assert.match(assertRefused(result), SPECIAL);
    });

    it('refuses read_text_file of a FIFO named .npmrc without blocking the server', async () => {
      const fifo = await makeFifo(at('npm-read/.npmrc'));
      const result = await promptly(ctx, [fifo], 'read_text_file', { path: 'npm-read/.npmrc' });
      assert.match(assertRefused(result), SPECIAL);
    });

    it('answers read_multiple_files with a FIFO named .pypirc among its paths without blocking', async () => {
      const fifo = await makeFifo(at('py-many/.pypirc'));
      await writeFile(at('py-many/notes.txt'), 'notes\n');
      const result = await promptly(ctx, [fifo], 'read_multiple_files', {
        paths: ['py-many/.pypirc', 'py-many/notes.txt'],
      });
      const text = assertOk(result);
      assert.match(text, SPECIAL);
      assert.match(text, /notes\n/, 'the other file is still read');
    });

    it('refuses edit_file on a FIFO named .pypirc without blocking the server', async () => {
      const fifo = await makeFifo(at('py-edit/.pypirc'));
      const result = await promptly(ctx, [fifo], 'edit_file', {
        path: 'py-edit/.pypirc',
        edits: [{ oldText: 'a', newText: 'b' }],
      });
      assert.match(assertRefused(result), SPECIAL);
      assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO is left as it was');
    });

    it('refuses write_file over a FIFO named .npmrc without blocking the server', async () => {
      const fifo = await makeFifo(at('npm-write/.npmrc'));
      const result = await promptly(ctx, [fifo], 'write_file', {
        path: 'npm-write/.npmrc',
        content: 'registry=https://example.invalid/\n',
      });
      assert.match(assertRefused(result), SPECIAL);
      assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO is left as it was');
    });

    it('moves a FIFO named .npmrc without opening it', async () => {
      const fifo = await makeFifo(at('npm-move/.npmrc'));
      const result = await promptly(ctx, [fifo], 'move_file', {
        source: 'npm-move/.npmrc',
        destination: 'npm-move/moved.npmrc',
      });
      assertOk(result);
      assert.ok(lstatSync(at('npm-move/moved.npmrc')).isFIFO());
    });

    it('deletes a FIFO named .pypirc (into history) without opening it', async () => {
      const fifo = await makeFifo(at('py-delete/.pypirc'));
      const result = await promptly(ctx, [fifo], 'delete_file', { path: 'py-delete/.pypirc' });
      assertOk(result);
      assert.equal(existsSync(fifo), false);
    });

    it('never blocks on a regular file swapped for a FIFO between the check and the open', async () => {
      const spares = await ctx.sandbox.dir(`swap-spares-${fileAccess}`);
      const fifo = await makeFifo(path.join(spares, 'pipe'));
      const image = path.join(spares, 'image.png');
      await writeFile(image, PNG);
      const config = path.join(spares, 'npmrc');
      await writeFile(config, 'registry=https://registry.npmjs.org/\n');
      await mkdir(at('swapped'), { recursive: true });
      const jobs = [
        { target: at('swapped/image.png'), sources: [image, fifo] },
        { target: at('swapped/.npmrc'), sources: [config, fifo] },
      ];
      const swappers = await Promise.all(
        jobs.map(({ target, sources }, index) =>
          startSwapper({
            mode: 'relink',
            target,
            sources,
            scratch: path.join(spares, `scratch${index}`),
          }),
        ),
      );
      const requests: Array<[string, ToolArgs]> = [
        ['read_media_file', { path: 'swapped/image.png' }],
        ['read_text_file', { path: 'swapped/.npmrc' }],
        ['read_text_file', { path: 'swapped/.npmrc', head: 1 }],
        ['read_multiple_files', { paths: ['swapped/.npmrc'] }],
        [
          'edit_file',
          { path: 'swapped/.npmrc', edits: [{ oldText: 'x', newText: 'y' }], dryRun: true },
        ],
      ];
      const results: CallToolResult[] = [];
      const deadline = Date.now() + 4000;
      try {
        // Four lanes, for at most about four seconds: a blocked open shows as a call that
        // never answers.
        await Promise.all(
          Array.from({ length: 4 }, async (_, lane) => {
            for (let index = lane; index < 400 && Date.now() < deadline; index += 4) {
              const [tool, args] = requests[index % requests.length]!;
              results.push(await call(ctx.client, tool, args, PROMPT_MS));
            }
          }),
        );
      } finally {
        for (const swapper of swappers) await swapper.stop();
        release(fifo);
      }
      const sawPipe = results.filter((result) => SPECIAL.test(textOf(result))).length;
      assert.ok(results.length >= 100, `${results.length} calls answered`);
      assert.ok(sawPipe > 0, 'some calls met the FIFO and were refused for it');
    });

    it('refuses every reading tool on a FIFO, under any name, without blocking', async () => {
      const fifos = await Promise.all(NAMES.map((name) => makeFifo(at(`fifos/${name}`))));
      await assertEveryReaderRefuses(ctx, 'fifos', fifos);
    });

    it('refuses every reading tool on a Unix socket, under any name', async () => {
      const servers = await Promise.all(NAMES.map((name) => makeSocket(at(`sockets/${name}`))));
      try {
        await assertEveryReaderRefuses(ctx, 'sockets');
      } finally {
        await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
      }
    });

    it('refuses every reading tool on a device node, under any name', async (t) => {
      for (const name of NAMES) {
        const unavailable = await makeDevice(at(`devices/${name}`));
        if (unavailable) return t.skip(unavailable);
      }
      await assertEveryReaderRefuses(ctx, 'devices');
    });

    it('lists, describes and searches a folder of special files without opening them', async () => {
      const fifos = await Promise.all(NAMES.map((name) => makeFifo(at(`mixed/fifo${name}`))));
      const server = await makeSocket(at('mixed/socket.npmrc'));
      // Without mknod the folder still holds a FIFO and a socket to list and search.
      const device = (await makeDevice(at('mixed/.npmrc'))) === undefined;
      await writeFile(at('mixed/plain.txt'), 'needle\n');
      try {
        const requests: Array<[string, ToolArgs]> = [
          ['list_directory_with_sizes', { path: 'mixed' }],
          ['directory_tree', { path: 'mixed' }],
          ['search_files', { path: 'mixed', pattern: '**/*' }],
          ['search_content', { path: 'mixed', pattern: 'needle' }],
          ['get_file_info', { path: 'mixed/fifo.npmrc' }],
          ['get_file_info', { path: 'mixed/socket.npmrc' }],
          ...(device ? [['get_file_info', { path: 'mixed/.npmrc' }] as [string, ToolArgs]] : []),
        ];
        for (const [tool, args] of requests) {
          const text = assertOk(await promptly(ctx, fifos, tool, args), tool);
          if (tool === 'search_content') assert.match(text, /\nplain\.txt\n {2}1: needle\n/);
          if (tool === 'get_file_info') assert.match(text, /type: other/);
        }
        // A special file named as a folder is opened only as a folder, which it cannot be.
        const asFolder: Array<[string, ToolArgs]> = [
          ['list_directory', { path: 'mixed/fifo.npmrc' }],
          ['directory_tree', { path: 'mixed/socket.npmrc' }],
          ['search_content', { path: 'mixed/fifo.pypirc', pattern: 'x' }],
        ];
        for (const [tool, args] of asFolder)
          assertRefused(await promptly(ctx, fifos, tool, args), [], tool);
      } finally {
        await new Promise((done) => server.close(done));
      }
    });
  });
}
