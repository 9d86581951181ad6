// Prefix siblings: /ws_evil starts with the string /ws but is not inside it. Containment
// must be decided on path segments, for every tool and however the workspace was given.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertAlive, assertOk, call, expectRefusal, textOf } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { leaksFor, serveSandbox } from '../helpers/suite.ts';

function siblingSpellings(sandbox: Sandbox): string[] {
  const { ws, wsEvil, root } = sandbox;
  return [
    path.join(wsEvil, 'secret.txt'),
    `${ws}_evil/secret.txt`,
    `${ws}/../ws_evil/secret.txt`,
    '../ws_evil/secret.txt',
    `file://${wsEvil}/secret.txt`,
    `${root}//ws_evil/secret.txt`,
  ];
}

describe('attack: prefix siblings', () => {
  const ctx = serveSandbox({
    allowWrite: true,
    prepare: async (sandbox) => {
      await sandbox.file(sandbox.ws, 'a.txt', 'alpha\n');
      await sandbox.file(sandbox.root, 'ws-other/secret.txt', `${sandbox.secret}\n`);
      await sandbox.file(sandbox.root, 'ws.bak/secret.txt', `${sandbox.secret}\n`);
    },
  });

  it('refuses reads of a sibling whose name starts with the workspace name', async () => {
    const { client, sandbox } = ctx;
    const leaks = [sandbox.secret];
    const paths = [
      ...siblingSpellings(sandbox),
      `${sandbox.ws}-other/secret.txt`,
      `${sandbox.ws}.bak/secret.txt`,
    ];
    for (const p of paths) {
      for (const tool of ['read_text_file', 'read_media_file', 'get_file_info']) {
        await expectRefusal(client, tool, { path: p }, leaks);
      }
      const multi = await call(client, 'read_multiple_files', { paths: [p] });
      assert.ok(!JSON.stringify(multi).includes(sandbox.secret), `read_multiple_files ${p}`);
    }
  });

  it('refuses listings, trees and searches of the sibling', async () => {
    const { client, sandbox } = ctx;
    for (const p of [sandbox.wsEvil, `${sandbox.ws}_evil`, '../ws_evil', `${sandbox.ws}_evil/`]) {
      const leaks = leaksFor([sandbox.secret, 'secret.txt'], p);
      for (const tool of ['list_directory', 'list_directory_with_sizes', 'directory_tree']) {
        await expectRefusal(client, tool, { path: p }, leaks);
      }
      await expectRefusal(client, 'search_files', { path: p, pattern: '*' }, leaks);
      await expectRefusal(
        client,
        'search_content',
        { path: p, pattern: 'TOP-SECRET', literal: true },
        leaks,
      );
    }
  });

  it('refuses writes, edits, moves and deletes into or out of the sibling', async () => {
    const { client, sandbox } = ctx;
    const leaks = [sandbox.secret];
    for (const p of siblingSpellings(sandbox)) {
      const pwned = p.replace('secret.txt', 'pwned.txt');
      await expectRefusal(client, 'write_file', { path: pwned, content: 'x' }, leaks);
      await expectRefusal(client, 'write_file', { path: p, content: 'x' }, leaks);
      await expectRefusal(
        client,
        'edit_file',
        { path: p, edits: [{ oldText: 'TOP', newText: 'x' }], dryRun: true },
        leaks,
      );
      await expectRefusal(client, 'create_directory', { path: pwned }, leaks);
      await expectRefusal(client, 'move_file', { source: 'a.txt', destination: pwned }, leaks);
      await expectRefusal(client, 'move_file', { source: p, destination: 'got.txt' }, leaks);
      await expectRefusal(client, 'delete_file', { path: p }, leaks);
    }
    assert.deepEqual(await readdir(sandbox.wsEvil), ['secret.txt']);
    assert.equal(
      await readFile(path.join(sandbox.wsEvil, 'secret.txt'), 'utf8'),
      `${sandbox.secret}\n`,
    );
    assert.equal(existsSync(path.join(sandbox.ws, 'got.txt')), false);
    assert.equal(await readFile(path.join(sandbox.ws, 'a.txt'), 'utf8'), 'alpha\n');
  });

  it('does not reveal the sibling through list_allowed_directories', async () => {
    const result = await call(ctx.client, 'list_allowed_directories', {});
    assert.doesNotMatch(assertOk(result), /ws_evil/);
  });
});

describe('attack: prefix siblings, workspace given with a trailing slash or through a link', () => {
  let sandbox: Sandbox;
  let servers: RunningServer[] = [];

  before(async () => {
    sandbox = await makeSandbox();
    await sandbox.file(sandbox.ws, 'a.txt', 'alpha\n');
    const alias = path.join(sandbox.root, 'alias');
    await symlink(sandbox.ws, alias);
    servers = await Promise.all(
      [`${sandbox.ws}/`, `${sandbox.ws}//`, alias].map(async (given, index) =>
        startServer({
          workspaces: [given],
          dataDir: await sandbox.dir(`data-${index}`),
          home: sandbox.home,
          allowWrite: true,
        }),
      ),
    );
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await sandbox?.cleanup();
  });

  it('still refuses the sibling and still serves the workspace', async () => {
    for (const { client } of servers) {
      for (const p of siblingSpellings(sandbox)) {
        await expectRefusal(client, 'read_text_file', { path: p }, [sandbox.secret]);
      }
      await expectRefusal(client, 'read_text_file', { path: `${sandbox.root}/alias_evil` }, []);
      const own = await call(client, 'read_text_file', { path: path.join(sandbox.ws, 'a.txt') });
      assert.equal(textOf(own), 'alpha\n');
      const relative = await call(client, 'read_text_file', { path: 'a.txt' });
      assert.equal(assertOk(relative), 'alpha\n');
      await assertAlive(client, sandbox.ws);
    }
  });
});
