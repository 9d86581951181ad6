// The content-based guard's race: a .npmrc without a token is swapped back and forth, by
// another process, with one that holds `_authToken`. A reader that checked one open of the
// file and then read another could hand the token over. Every reader of content must decide
// on the very bytes it answers with, so hundreds of reads during the swap never see the token.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { assertNoLeak, call, textOf, type ToolArgs } from '../helpers/results.ts';
import type { Sandbox } from '../helpers/sandbox.ts';
import { serveSandbox } from '../helpers/suite.ts';
import { startSwapper } from '../helpers/swapper.ts';

const TOKEN = 'npm_SWAPPED1n2p3m4T0k3nXYZ';
const CLEAN = 'registry=https://registry.npmjs.org/\nfund=false\n';
const HOLDS_TOKEN = `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${TOKEN}\n`;
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
/** Before the fix, about one read in ten returned the token: 300 reads lose the race every time. */
const READS = 300;
/**
 * How long each file stays in place. Swapped any faster, the file a reader opened is
 * usually gone before the reader can prove what it opened, so nearly every read is refused
 * as "changed" and the race is seldom run to its end.
 */
const HOLD_MS = 1;
/** A search costs more than a read: the time a search walks and sends is spent once per folder. */
const SEARCHES = 200;
/** The bound on each loop, whatever the count: a slow machine makes fewer calls, not a hang. */
const LOOP_MS = 5000;
const CONCURRENCY = 8;

async function plant(sandbox: Sandbox): Promise<void> {
  const spares = await sandbox.dir('spares');
  await writeFile(path.join(spares, 'clean'), CLEAN);
  await writeFile(path.join(spares, 'token'), HOLDS_TOKEN);
  await writeFile(path.join(spares, 'clean.png'), Buffer.concat([PNG, Buffer.from(`\n${CLEAN}`)]));
  await writeFile(
    path.join(spares, 'token.png'),
    Buffer.concat([PNG, Buffer.from(`\n${HOLDS_TOKEN}`)]),
  );
  await sandbox.file(sandbox.ws, 'swap/.npmrc', CLEAN);
  await sandbox.file(sandbox.ws, 'media/.npmrc', Buffer.concat([PNG, Buffer.from(`\n${CLEAN}`)]));
  await sandbox.file(
    sandbox.ws,
    'png/.npmrc',
    Buffer.concat([PNG, Buffer.from(`\n${HOLDS_TOKEN}`)]),
  );
}

for (const fileAccess of ['inline', 'pooled'] as const) {
  describe(`attack: a .npmrc swapped with one holding a token (${fileAccess} file access)`, () => {
    const ctx = serveSandbox({ allowWrite: true, fileAccess, prepare: plant });

    /**
     * Makes READS calls while `.npmrc` in `folder` keeps changing between the clean file and
     * the one with the token; no answer may carry the token.
     */
    async function raceReads(
      folder: string,
      sources: readonly [string, string],
      request: (index: number) => [string, ToolArgs],
      count = READS,
    ): Promise<CallToolResult[]> {
      const spares = path.join(ctx.sandbox.root, 'spares');
      const swapper = await startSwapper({
        mode: 'relink',
        target: path.join(ctx.sandbox.ws, folder, '.npmrc'),
        sources: sources.map((name) => path.join(spares, name)),
        scratch: path.join(spares, `scratch-${folder}`),
        holdMs: HOLD_MS,
      });
      const results: CallToolResult[] = [];
      let next = 0;
      const deadline = Date.now() + LOOP_MS;
      try {
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < count && Date.now() < deadline) {
              const [tool, args] = request(next++);
              results.push(await call(ctx.client, tool, args, 10_000));
            }
          }),
        );
      } finally {
        const { swaps } = await swapper.stop();
        assert.ok(swaps > 50, `the swapper ran (${swaps} swaps)`);
      }
      results.forEach((result, index) => assertNoLeak(result, [TOKEN], `read ${index}`));
      return results;
    }

    /** Both files were met, so the race was live: some reads answered, some were refused. */
    function assertMetBoth(results: readonly CallToolResult[]): void {
      const refused = results.filter((result) => /credential/.test(textOf(result))).length;
      const answered = results.filter((result) => result.isError !== true).length;
      assert.ok(refused > 0, 'some reads met the token and were refused');
      assert.ok(answered > 0, 'some reads met the clean file and answered');
    }

    it('never returns the token from read_text_file of the whole file', async () => {
      assertMetBoth(
        await raceReads('swap', ['clean', 'token'], () => [
          'read_text_file',
          { path: 'swap/.npmrc' },
        ]),
      );
    });

    it('never returns the token from read_text_file with head, tail or offset and length', async () => {
      const windows: ToolArgs[] = [{ head: 5 }, { tail: 5 }, { offset: 1, length: 5 }];
      assertMetBoth(
        await raceReads('swap', ['clean', 'token'], (index) => [
          'read_text_file',
          { path: 'swap/.npmrc', ...windows[index % windows.length] },
        ]),
      );
    });

    it('never returns the token from read_multiple_files', async () => {
      assertMetBoth(
        await raceReads('swap', ['clean', 'token'], () => [
          'read_multiple_files',
          { paths: ['swap/.npmrc'] },
        ]),
      );
    });

    it("never shows the token in edit_file's dry-run diff", async () => {
      assertMetBoth(
        await raceReads('swap', ['clean', 'token'], () => [
          'edit_file',
          {
            path: 'swap/.npmrc',
            edits: [{ oldText: 'registry=', newText: 'registry =' }],
            dryRun: true,
          },
        ]),
      );
    });

    it('never returns the token from read_media_file of a .npmrc that begins like a PNG', async () => {
      assertMetBoth(
        await raceReads('media', ['clean.png', 'token.png'], () => [
          'read_media_file',
          { path: 'media/.npmrc' },
        ]),
      );
    });

    it('never finds the token with search_content', async () => {
      const results = await raceReads(
        'swap',
        ['clean', 'token'],
        () => ['search_content', { path: 'swap', pattern: 'registry', contextLines: 3 }],
        SEARCHES,
      );
      // A protected file is counted as skipped, not named.
      const skipped = results.filter((result) => /1 protected/.test(textOf(result))).length;
      assert.ok(skipped > 0, 'some searches met the token and skipped the file');
      assert.ok(skipped < results.length, 'some searches met the clean file');
    });

    it('refuses read_media_file of a .npmrc whose bytes begin with a PNG signature and hold _authToken=', async () => {
      const result = await call(ctx.client, 'read_media_file', { path: 'png/.npmrc' });
      assert.equal(result.isError, true, 'the file is refused');
      assert.match(textOf(result), /credential/);
      assertNoLeak(result, [TOKEN]);
    });
  });
}
