// Traversal: every spelling of "a path outside the workspace" is refused by every tool,
// no secret comes back, nothing is written outside, and the server keeps answering.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  assertAlive,
  assertNoLeak,
  assertOk,
  assertRefused,
  call,
  expectRefusal,
  textOf,
} from '../helpers/results.ts';
import { leaksFor, serveSandbox } from '../helpers/suite.ts';

const encodeAll = (text: string) =>
  [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

describe('attack: path traversal', () => {
  const ctx = serveSandbox({
    allowWrite: true,
    prepare: async (sandbox) => {
      await sandbox.file(sandbox.ws, 'a.txt', 'alpha\n');
      await sandbox.file(sandbox.ws, 'sub/b.txt', 'bravo\n');
      await sandbox.file(sandbox.ws, 'sp ace.txt', 'spaced\n');
    },
  });

  /** Outside paths in every spelling this suite knows, all naming outside/secret.txt. */
  function outsideSpellings(): Record<string, string[]> {
    const { root, ws, secretFile } = ctx.sandbox;
    const rootRel = root.slice(1);
    return {
      relative: [
        '../outside/secret.txt',
        './../outside/secret.txt',
        'sub/../../outside/secret.txt',
        `sub/${'../'.repeat(40)}${rootRel}/outside/secret.txt`,
        '../ws/../outside/secret.txt',
      ],
      absolute: [
        secretFile,
        `${ws}/../outside/secret.txt`,
        `${ws}/sub/../../outside/secret.txt`,
        `${ws}/./../outside/./secret.txt`,
      ],
      encoded: [
        '..%2foutside%2fsecret.txt',
        '%2e%2e/outside/secret.txt',
        '%2e%2e%2foutside%2fsecret.txt',
        '..%252foutside%252fsecret.txt',
        '..%c0%afoutside%c0%afsecret.txt',
        '..\\outside\\secret.txt',
        '..\u2215outside\u2215secret.txt',
        `${ws}/%2e%2e/outside/secret.txt`,
        encodeAll(secretFile),
      ],
      nul: [
        'a.txt\u0000../../outside/secret.txt',
        '../outside/secret.txt\u0000.txt',
        `${secretFile}\u0000`,
        `a.txt\u0000`,
      ],
      fileUri: [
        `file://${secretFile}`,
        `file://localhost${secretFile}`,
        `file:${secretFile}`,
        `file://${ws}/../outside/secret.txt`,
        `file://${ws}/%2e%2e/outside/secret.txt`,
        `file://${ws}/%2E%2E%2Foutside%2Fsecret.txt`,
        `file://${ws}/..%2Foutside%2Fsecret.txt`,
        `file://${encodeAll(secretFile)}`,
        `file://evil.example${secretFile}`,
        `file:///${ws}/%00/../../outside/secret.txt`,
        'file:../outside/secret.txt',
      ],
      doubledSlashes: [
        `/${secretFile}`,
        `//${secretFile}`,
        `${ws}//../outside/secret.txt`,
        `${ws}/..//outside//secret.txt`,
        `${root}//outside//secret.txt`,
        './/..//outside//secret.txt',
        `${ws}/sub//..//..//outside/secret.txt`,
      ],
    };
  }

  /** Spellings that are plain (odd) names on Linux: writing them creates a file inside. */
  const LITERAL_ON_LINUX = new Set(['encoded']);

  for (const family of ['relative', 'absolute', 'encoded', 'nul', 'fileUri', 'doubledSlashes']) {
    it(`refuses ${family} traversal for every read tool`, async () => {
      const { client, leaks } = ctx;
      const spellings = outsideSpellings()[family] ?? [];
      assert.ok(spellings.length > 0);
      for (const p of spellings) {
        for (const tool of ['read_text_file', 'read_media_file', 'get_file_info']) {
          await expectRefusal(client, tool, { path: p }, leaksFor(leaks, p));
        }
        const multi = await call(client, 'read_multiple_files', { paths: [p, 'a.txt'] });
        assertNoLeak(multi, leaksFor(leaks, p), `read_multiple_files ${p}`);
        assert.match(textOf(multi), /alpha/, 'the allowed file is still read');
        const dir = p.replace('secret.txt', '');
        for (const tool of ['list_directory', 'list_directory_with_sizes', 'directory_tree']) {
          await expectRefusal(client, tool, { path: dir }, leaksFor(leaks, dir));
        }
        await expectRefusal(
          client,
          'search_files',
          { path: dir, pattern: '**/*' },
          leaksFor(leaks, dir),
        );
        await expectRefusal(
          client,
          'search_content',
          { path: dir, pattern: 'TOP-SECRET', literal: true },
          leaksFor(leaks, dir),
        );
        await assertAlive(client, ctx.sandbox.ws);
      }
    });

    it(`refuses ${family} traversal for every write tool and writes nothing outside`, async () => {
      const { client, leaks, sandbox } = ctx;
      const literal = LITERAL_ON_LINUX.has(family);
      for (const p of outsideSpellings()[family] ?? []) {
        const l = leaksFor(leaks, p);
        const mover = await sandbox.file(sandbox.ws, 'mover.txt', 'mover\n');
        const target = p.replace(/secret\.txt/g, 'pwned.txt');
        const attempts: Array<[string, Record<string, unknown>]> = [
          ['write_file', { path: target, content: 'pwned' }],
          ['create_directory', { path: p.replace(/secret\.txt/g, 'pwned-dir') }],
          ['move_file', { source: 'mover.txt', destination: target }],
          ['write_file', { path: p, content: 'pwned' }],
          ['edit_file', { path: p, edits: [{ oldText: 'TOP', newText: 'x' }], dryRun: true }],
          ['edit_file', { path: p, edits: [{ oldText: 'TOP', newText: 'x' }] }],
          ['move_file', { source: p, destination: `stolen-${family}.txt` }],
          ['delete_file', { path: p }],
        ];
        for (const [tool, args] of attempts) {
          const result = await call(client, tool, args);
          // A name that is only odd on Linux may be created inside the workspace; the
          // outside checks below still hold. Every other spelling must be refused.
          if (literal) assertNoLeak(result, l, `${tool} ${p}`);
          else assertRefused(result, l, `${tool} ${p}`);
        }
        assert.ok(literal || existsSync(mover), 'the refused move left its source in place');
        await assertAlive(client, sandbox.ws);
      }
      assert.equal(await readFile(sandbox.secretFile, 'utf8'), `${sandbox.secret}\n`);
      assert.deepEqual(await readdir(sandbox.outside), ['secret.txt']);
      if (!literal) assert.equal(existsSync(path.join(sandbox.ws, `stolen-${family}.txt`)), false);
      assert.equal(await readFile(path.join(sandbox.ws, 'a.txt'), 'utf8'), 'alpha\n');
    });
  }

  it('refuses the parent of the workspace and the filesystem root for listings', async () => {
    const { client, leaks, sandbox } = ctx;
    for (const p of ['..', '../', `${sandbox.ws}/..`, '/', '//', 'file:///', sandbox.root]) {
      for (const tool of ['list_directory', 'list_directory_with_sizes', 'directory_tree']) {
        await expectRefusal(client, tool, { path: p }, leaksFor([...leaks, 'ws_evil'], p));
      }
      await expectRefusal(client, 'search_files', { path: p, pattern: '**/secret*' }, leaks);
      await expectRefusal(
        client,
        'search_content',
        { path: p, pattern: 'TOP-SECRET', literal: true },
        leaks,
      );
    }
  });

  it('refuses well-known system files', async () => {
    for (const p of ['/etc/passwd', '../../../../../../../../etc/passwd', 'file:///etc/passwd']) {
      const result = await call(ctx.client, 'read_text_file', { path: p });
      assert.equal(result.isError, true, p);
      assert.doesNotMatch(textOf(result), /root:.*:0:0:/);
    }
  });

  it('treats an upper-case FILE:// URI as a URI (decoded or refused), not as a folder name', async () => {
    // URI schemes are case-insensitive (RFC 3986), so this names the outside file.
    const { client, leaks, sandbox } = ctx;
    const uri = `FILE://${sandbox.secretFile}`;
    await expectRefusal(client, 'read_text_file', { path: uri }, leaksFor(leaks, uri));
    for (const [tool, args] of [
      ['create_directory', { path: uri.replace('secret.txt', 'upper-dir') }],
      ['write_file', { path: uri.replace('secret.txt', 'upper.txt'), content: 'x' }],
    ] as const) {
      await expectRefusal(client, tool, args, leaksFor(leaks, args));
    }
    assert.equal(existsSync(path.join(sandbox.ws, 'FILE:')), false, 'no folder named "FILE:"');
    assert.deepEqual(await readdir(sandbox.outside), ['secret.txt']);
  });

  it('decodes a file:// URI inside the workspace correctly, or refuses it', async () => {
    const { client, sandbox } = ctx;
    const cases: Array<[string, string]> = [
      [`file://${sandbox.ws}/a.txt`, 'alpha\n'],
      [`file://${sandbox.ws}/sp%20ace.txt`, 'spaced\n'],
      [`file://${sandbox.ws}/%61.txt`, 'alpha\n'],
      [`file://localhost${sandbox.ws}/sub/b.txt`, 'bravo\n'],
    ];
    for (const [uri, expected] of cases) {
      const result = await call(client, 'read_text_file', { path: uri });
      if (result.isError !== true) assert.equal(textOf(result), expected, uri);
      else assert.doesNotMatch(textOf(result), /alpha|spaced|bravo/, uri);
    }
  });

  it('still reads inside the workspace after all of the above', async () => {
    const result = await call(ctx.client, 'read_text_file', { path: 'sub/../a.txt' });
    assert.equal(assertOk(result), 'alpha\n');
  });
});
