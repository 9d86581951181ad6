// The symlink-swap race: while a worker thread keeps swapping a path inside the
// workspace between a real entry and a link to something outside, thousands of calls
// must never return outside content, list outside names, or write outside. This is the
// check-then-open race the official filesystem server's own tests document.
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { assertNoLeak, call, textOf, type ToolArgs } from '../helpers/results.ts';
import type { Sandbox } from '../helpers/sandbox.ts';
import { leaksFor, serveSandbox } from '../helpers/suite.ts';
import { startSwapper, type SwapJob } from '../helpers/swapper.ts';

const SAFE = 'SAFE-IN-WORKSPACE\n';
const OUTSIDE_ONLY = 'outside-only-name.txt';
const CONCURRENCY = 8;

async function plant(sandbox: Sandbox): Promise<void> {
  const { ws, outside } = sandbox;
  await writeFile(path.join(outside, OUTSIDE_ONLY), `${sandbox.secret}\n`);
  await writeFile(path.join(ws, 'race.txt'), SAFE);
  await mkdir(path.join(ws, 'racedir'));
  await writeFile(path.join(ws, 'racedir', 'secret.txt'), SAFE);
  await writeFile(path.join(ws, 'racedir', 'inside-name.txt'), SAFE);
  await symlink(outside, path.join(ws, 'racedir.spare'));
}

/** Runs `count` calls with at most `concurrency` in flight. */
async function pool<T>(count: number, fn: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await fn(index);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return results;
}

// The stdio server runs its file operations inline, the socket and HTTP servers on the
// thread pool: the race must be lost by the attacker either way.
for (const fileAccess of ['inline', 'pooled'] as const) {
  describe(`attack: symlink-swap race (${fileAccess} file access)`, () => {
    const ctx = serveSandbox({ allowWrite: true, fileAccess, prepare: plant });

    async function race(
      job: SwapJob,
      count: number,
      request: (index: number) => [string, ToolArgs],
    ): Promise<{ results: CallToolResult[]; ok: number; refused: number }> {
      const swapper = await startSwapper(job);
      const results = await pool(count, (index) => {
        const [tool, args] = request(index);
        return call(ctx.client, tool, args);
      }).finally(() => swapper.stop());
      const counted = await swapper.stop();
      const forbidden = [ctx.sandbox.secret, ctx.sandbox.outside, OUTSIDE_ONLY];
      results.forEach((result, index) => {
        const sent = request(index);
        assertNoLeak(result, leaksFor(forbidden, sent), `call ${index} ${JSON.stringify(sent)}`);
      });
      const ok = results.filter((r) => r.isError !== true).length;
      assert.ok(counted.swaps > 100, `the swapper ran (${JSON.stringify(counted)})`);
      return { results, ok, refused: results.length - ok };
    }

    async function outsideUntouched(): Promise<void> {
      const { outside, secretFile, secret } = ctx.sandbox;
      assert.deepEqual((await readdir(outside)).sort(), [OUTSIDE_ONLY, 'secret.txt']);
      assert.equal(await readFile(secretFile, 'utf8'), `${secret}\n`);
      assert.equal(await readFile(path.join(outside, OUTSIDE_ONLY), 'utf8'), `${secret}\n`);
    }

    const fileJob = (): SwapJob => ({
      mode: 'recreate',
      target: path.join(ctx.sandbox.ws, 'race.txt'),
      content: SAFE,
      linkTo: ctx.sandbox.secretFile,
      scratch: path.join(ctx.sandbox.ws, 'race-scratch'),
    });

    it('never returns the outside file in 3000 reads of a file swapped with a link', async () => {
      const { results, ok, refused } = await race(fileJob(), 3000, () => [
        'read_text_file',
        { path: 'race.txt' },
      ]);
      for (const result of results) if (result.isError !== true) assert.equal(textOf(result), SAFE);
      assert.ok(ok > 0, 'some reads saw the real file');
      assert.ok(refused > 0, 'some reads saw the link and were refused');
    });

    it('never leaks the outside file through other read tools during the swap', async () => {
      const requests: Array<[string, ToolArgs]> = [
        ['read_multiple_files', { paths: ['race.txt'] }],
        ['read_media_file', { path: 'race.txt' }],
        ['get_file_info', { path: 'race.txt' }],
        ['read_text_file', { path: 'race.txt', head: 1 }],
        ['read_text_file', { path: 'race.txt', tail: 1 }],
        ['search_content', { path: '.', pattern: 'TOP-SECRET', literal: true }],
        [
          'edit_file',
          { path: 'race.txt', edits: [{ oldText: 'SAFE', newText: 'SAFE!' }], dryRun: true },
        ],
      ];
      const { ok } = await race(fileJob(), 2100, (i) => requests[i % requests.length]!);
      assert.ok(ok > 0);
      await outsideUntouched();
    });

    it('never writes outside in 1000 writes to a file swapped with a link', async () => {
      const writes = (): Promise<{ ok: number }> =>
        race(fileJob(), 1000, (i) =>
          i % 2 === 0
            ? ['write_file', { path: 'race.txt', content: SAFE }]
            : ['edit_file', { path: 'race.txt', edits: [{ oldText: 'SAFE', newText: 'SAFE' }] }],
        );
      let { ok } = await writes();
      await outsideUntouched();
      // On a loaded machine the swapper can win every round; the race only proves something
      // once some writes went through, so it runs again (at most twice more) until they do.
      for (let round = 0; ok === 0 && round < 2; round += 1) {
        ({ ok } = await writes());
        await outsideUntouched();
      }
      assert.ok(ok > 0, 'some writes went through');
    });

    it('never reads or lists outside in 3000 calls on a folder swapped with a link', async () => {
      const { ws } = ctx.sandbox;
      const job: SwapJob = {
        mode: 'rotate',
        target: path.join(ws, 'racedir'),
        spare: path.join(ws, 'racedir.spare'),
        scratch: path.join(ws, 'racedir.hold'),
      };
      const requests: Array<[string, ToolArgs]> = [
        ['read_text_file', { path: 'racedir/secret.txt' }],
        ['read_text_file', { path: 'racedir/secret.txt' }],
        ['read_text_file', { path: 'racedir/secret.txt' }],
        ['read_text_file', { path: 'racedir/secret.txt' }],
        ['read_multiple_files', { paths: ['racedir/secret.txt', 'racedir/inside-name.txt'] }],
        ['read_media_file', { path: 'racedir/secret.txt' }],
        ['read_text_file', { path: path.join(ws, 'racedir', OUTSIDE_ONLY) }],
        ['list_directory', { path: 'racedir' }],
        ['list_directory_with_sizes', { path: 'racedir' }],
        ['directory_tree', { path: 'racedir' }],
        ['search_files', { path: 'racedir', pattern: '**/*' }],
        ['search_content', { path: 'racedir', pattern: 'TOP-SECRET', literal: true }],
        ['write_file', { path: 'racedir/planted.txt', content: 'planted' }],
      ];
      const { results, ok } = await race(job, 3000, (i) => requests[i % requests.length]!);
      results.forEach((result, i) => {
        if (result.isError !== true && i % requests.length < 4) assert.equal(textOf(result), SAFE);
      });
      assert.ok(ok > 0, 'some calls saw the real folder');
      await outsideUntouched();
    });
  });
}
