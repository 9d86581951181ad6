// Symlink escapes: a link whose target leaves the workspace is refused for reads, writes
// (including creating a file through a dangling link), moves, listings, trees and
// searches, and no listing reveals a name from outside. Links that stay inside work.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  assertNoLeak,
  assertOk,
  call,
  expectRefusal,
  textOf,
  type ToolArgs,
} from '../helpers/results.ts';
import type { Sandbox } from '../helpers/sandbox.ts';
import { leaksFor, serveSandbox } from '../helpers/suite.ts';

const OUTSIDE_ONLY = 'outside-only-name.txt';

async function plantLinks(sandbox: Sandbox): Promise<void> {
  const { ws, outside, secretFile } = sandbox;
  await sandbox.file(ws, 'a.txt', 'alpha\n');
  await sandbox.file(ws, 'sub/b.txt', 'bravo\n');
  await sandbox.file(outside, OUTSIDE_ONLY, 'only outside\n');
  const links: Array<[string, string]> = [
    ['escape-file.txt', secretFile],
    ['escape-rel.txt', '../outside/secret.txt'],
    ['escape-dir', outside],
    ['escape-dir-rel', '../outside'],
    ['up', '..'],
    ['rootlink', '/'],
    ['chain1', 'chain2'],
    ['chain2', secretFile],
    ['sub/deep-escape.txt', '../../outside/secret.txt'],
    ['evil-link.txt', '../ws_evil/secret.txt'],
    ['dangling-abs.txt', path.join(outside, 'created-abs.txt')],
    ['dangling-rel.txt', '../outside/created-rel.txt'],
    ['dangling-dir', path.join(outside, 'created-dir')],
    ['inner-link.txt', 'a.txt'],
    ['inner-dir', 'sub'],
  ];
  for (const [name, target] of links) await symlink(target, path.join(ws, name));
}

describe('attack: symlink escapes', () => {
  const ctx = serveSandbox({ allowWrite: true, prepare: plantLinks });
  /** What no result may contain; the agent's own path may be echoed back. */
  const leaks = (sent: unknown = '') =>
    leaksFor([ctx.sandbox.secret, ctx.sandbox.outside, OUTSIDE_ONLY], sent);

  async function outsideUntouched(): Promise<void> {
    const { outside, secretFile, secret } = ctx.sandbox;
    assert.deepEqual((await readdir(outside)).sort(), [OUTSIDE_ONLY, 'secret.txt']);
    assert.equal(await readFile(secretFile, 'utf8'), `${secret}\n`);
  }

  const escapingFiles = () => [
    'escape-file.txt',
    'escape-rel.txt',
    'chain1',
    'sub/deep-escape.txt',
    'evil-link.txt',
    'escape-dir/secret.txt',
    'escape-dir-rel/secret.txt',
    'up/outside/secret.txt',
    `rootlink${ctx.sandbox.secretFile}`,
    path.join(ctx.sandbox.ws, 'escape-file.txt'),
  ];
  const escapingDirs = ['escape-dir', 'escape-dir-rel', 'up', 'rootlink', 'up/outside'];

  it('follows links whose targets stay inside the workspace', async () => {
    const { client } = ctx;
    assert.equal(
      assertOk(await call(client, 'read_text_file', { path: 'inner-link.txt' })),
      'alpha\n',
    );
    assert.equal(
      assertOk(await call(client, 'read_text_file', { path: 'inner-dir/b.txt' })),
      'bravo\n',
    );
    assert.match(assertOk(await call(client, 'list_directory', { path: 'inner-dir' })), /b\.txt/);
  });

  it('refuses reading a file through a link that leaves the workspace', async () => {
    for (const p of escapingFiles()) {
      for (const tool of ['read_text_file', 'read_media_file', 'get_file_info']) {
        await expectRefusal(ctx.client, tool, { path: p }, leaks(p));
      }
      const multi = await call(ctx.client, 'read_multiple_files', { paths: [p, 'a.txt'] });
      assertNoLeak(multi, leaks(p), `read_multiple_files ${p}`);
      assert.match(textOf(multi), /alpha/);
    }
  });

  it('refuses listing, tree and search through a directory link that leaves', async () => {
    for (const p of escapingDirs) {
      for (const tool of ['list_directory', 'list_directory_with_sizes', 'directory_tree']) {
        await expectRefusal(ctx.client, tool, { path: p }, [...leaks(), 'secret.txt']);
      }
      await expectRefusal(ctx.client, 'search_files', { path: p, pattern: '**/*' }, leaks());
      await expectRefusal(
        ctx.client,
        'search_content',
        { path: p, pattern: 'TOP-SECRET', literal: true },
        leaks(),
      );
    }
  });

  it('never reveals a name from outside in listings, trees and searches of the workspace', async () => {
    const { client, sandbox } = ctx;
    const forbidden = [...leaks(), 'secret.txt', 'ws_evil', 'created-'];
    const mustSucceed: Array<[string, ToolArgs]> = [
      ['list_directory', { path: '.' }],
      ['list_directory_with_sizes', { path: sandbox.ws }],
      ['directory_tree', { path: '.' }],
      ['search_files', { path: '.', pattern: '**/*' }],
      ['search_files', { path: '.', pattern: '**/outside-only*' }],
      ['search_files', { path: '.', pattern: '**/secret*' }],
    ];
    for (const [tool, args] of mustSucceed) {
      const result = await call(client, tool, args);
      assertOk(result, tool);
      assertNoLeak(result, forbidden, `${tool} ${JSON.stringify(args)}`);
    }
    const tree = await call(client, 'directory_tree', { path: '.' });
    assert.match(JSON.stringify(tree), /b\.txt/, 'the tree still shows what is inside');
    for (const pattern of [sandbox.secret, 'TOP-SECRET', 'only outside']) {
      const result = await call(client, 'search_content', { path: '.', pattern, literal: true });
      assertNoLeak(result, forbidden, `search_content ${pattern}`);
    }
  });

  it('refuses writing and editing through a link that leaves', async () => {
    const targets = [...escapingFiles(), 'escape-dir/new.txt', 'up/outside/new.txt'];
    for (const p of targets) {
      await expectRefusal(ctx.client, 'write_file', { path: p, content: 'pwned' }, leaks(p));
      for (const dryRun of [true, false]) {
        await expectRefusal(
          ctx.client,
          'edit_file',
          { path: p, edits: [{ oldText: 'TOP', newText: 'pwned' }], dryRun },
          leaks(p),
        );
      }
    }
    for (const p of ['escape-dir/new-dir', 'escape-dir-rel/new-dir', 'up/outside/new-dir']) {
      await expectRefusal(ctx.client, 'create_directory', { path: p }, leaks());
    }
    await outsideUntouched();
  });

  it('refuses creating a file outside through a dangling link', async () => {
    for (const p of ['dangling-abs.txt', 'dangling-rel.txt', 'sub/../dangling-abs.txt']) {
      await expectRefusal(ctx.client, 'write_file', { path: p, content: 'pwned' }, leaks(p));
      await expectRefusal(
        ctx.client,
        'move_file',
        { source: 'inner-link.txt', destination: p },
        leaks(),
      );
    }
    await expectRefusal(ctx.client, 'create_directory', { path: 'dangling-dir' }, leaks());
    await expectRefusal(ctx.client, 'create_directory', { path: 'dangling-dir/x' }, leaks());
    await expectRefusal(
      ctx.client,
      'write_file',
      { path: 'dangling-dir/x.txt', content: 'x' },
      leaks(),
    );
    await outsideUntouched();
  });

  it('refuses moving into or out of the workspace through a link', async () => {
    const { client, sandbox } = ctx;
    for (const destination of [
      'escape-dir/moved.txt',
      'escape-dir-rel/moved.txt',
      'up/outside/moved.txt',
    ]) {
      await expectRefusal(client, 'move_file', { source: 'a.txt', destination }, leaks());
    }
    for (const source of [
      'escape-dir/secret.txt',
      'escape-dir-rel/secret.txt',
      'up/outside/secret.txt',
    ]) {
      await expectRefusal(client, 'move_file', { source, destination: 'stolen.txt' }, leaks());
    }
    await outsideUntouched();
    assert.equal(await readFile(path.join(sandbox.ws, 'a.txt'), 'utf8'), 'alpha\n');
    assert.equal(existsSync(path.join(sandbox.ws, 'stolen.txt')), false);
  });

  it('refuses moving a link that leaves the workspace, even to a name inside it', async () => {
    // The issue: "A link that leaves a workspace is refused everywhere: ... moves".
    for (const source of ['escape-file.txt', 'chain1', 'escape-dir', 'dangling-abs.txt']) {
      const args = { source, destination: `renamed-${source}` };
      await expectRefusal(ctx.client, 'move_file', args, leaks());
      assert.equal(existsSync(path.join(ctx.sandbox.ws, args.destination)), false, source);
    }
    await outsideUntouched();
  });

  it('never removes anything outside when deleting through a link', async () => {
    for (const p of ['escape-dir/secret.txt', 'up/outside/secret.txt', 'rootlink/etc/hostname']) {
      await expectRefusal(ctx.client, 'delete_file', { path: p }, leaks());
    }
    // Deleting a link itself may be allowed; its target must survive either way.
    for (const p of ['escape-file.txt', 'escape-dir']) {
      const result = await call(ctx.client, 'delete_file', { path: p });
      assertNoLeak(result, leaks(), `delete_file ${p}`);
    }
    await outsideUntouched();
  });
});
