// Moves into and out of a workspace: move_file may only rearrange things inside the
// workspaces, never carry a file out, pull one in, or overwrite silently.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertAlive, assertOk, call, expectRefusal } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { leaksFor, serveSandbox } from '../helpers/suite.ts';

describe('attack: moves into and out of the workspace', () => {
  const ctx = serveSandbox({
    allowWrite: true,
    prepare: async (sandbox) => {
      await sandbox.file(sandbox.ws, 'keep.txt', 'keep\n');
      await sandbox.file(sandbox.ws, 'folder/inner.txt', 'inner\n');
      await sandbox.file(sandbox.ws, 'other.txt', 'other\n');
    },
  });

  async function workspaceIntact(sandbox: Sandbox): Promise<void> {
    assert.equal(await readFile(path.join(sandbox.ws, 'keep.txt'), 'utf8'), 'keep\n');
    assert.equal(await readFile(path.join(sandbox.ws, 'folder/inner.txt'), 'utf8'), 'inner\n');
    assert.deepEqual(await readdir(sandbox.outside), ['secret.txt']);
    assert.deepEqual(await readdir(sandbox.wsEvil), ['secret.txt']);
    assert.equal(await readFile(sandbox.secretFile, 'utf8'), `${sandbox.secret}\n`);
  }

  it('refuses moving a file or folder out of the workspace', async () => {
    const { client, sandbox } = ctx;
    const destinations = [
      path.join(sandbox.outside, 'moved.txt'),
      '../outside/moved.txt',
      `${sandbox.ws}/../outside/moved.txt`,
      `file://${sandbox.outside}/moved.txt`,
      path.join(sandbox.wsEvil, 'moved.txt'),
      '../ws_evil/moved.txt',
      path.join(sandbox.home, 'moved.txt'),
      '/moved-to-root.txt',
    ];
    for (const destination of destinations) {
      for (const source of ['keep.txt', 'folder', './folder/inner.txt']) {
        const args = { source, destination };
        await expectRefusal(client, 'move_file', args, leaksFor(ctx.leaks, args));
      }
    }
    await workspaceIntact(sandbox);
    assert.equal(existsSync(path.join(sandbox.home, 'moved.txt')), false);
    assert.equal(existsSync('/moved-to-root.txt'), false);
  });

  it('refuses moving a file from outside into the workspace', async () => {
    const { client, sandbox } = ctx;
    const sources = [
      sandbox.secretFile,
      '../outside/secret.txt',
      `file://${sandbox.secretFile}`,
      path.join(sandbox.wsEvil, 'secret.txt'),
      '../ws_evil/secret.txt',
      sandbox.outside,
    ];
    for (const source of sources) {
      const args = { source, destination: 'pulled-in.txt' };
      await expectRefusal(client, 'move_file', args, leaksFor(ctx.leaks, args));
    }
    await workspaceIntact(sandbox);
    assert.equal(existsSync(path.join(sandbox.ws, 'pulled-in.txt')), false);
  });

  it('refuses moving the workspace itself', async () => {
    const { client, sandbox } = ctx;
    for (const [source, destination] of [
      ['.', '../ws-moved'],
      [sandbox.ws, path.join(sandbox.root, 'ws-moved')],
      [sandbox.ws, 'inside-itself'],
      ['.', 'inside-itself'],
    ]) {
      const result = await call(client, 'move_file', { source, destination });
      assert.equal(result.isError, true, `move ${source} -> ${destination}`);
    }
    await workspaceIntact(sandbox);
    assert.equal(existsSync(path.join(sandbox.root, 'ws-moved')), false);
  });

  it('never overwrites an existing file or folder', async () => {
    const { client, sandbox } = ctx;
    await expectRefusal(client, 'move_file', { source: 'other.txt', destination: 'keep.txt' }, []);
    await expectRefusal(
      client,
      'move_file',
      { source: 'other.txt', destination: 'folder/inner.txt' },
      [],
    );
    await workspaceIntact(sandbox);
    assert.equal(await readFile(path.join(sandbox.ws, 'other.txt'), 'utf8'), 'other\n');
  });

  it('still moves inside the workspace', async () => {
    const { client, sandbox } = ctx;
    assertOk(
      await call(client, 'move_file', { source: 'other.txt', destination: 'folder/other.txt' }),
    );
    assert.equal(await readFile(path.join(sandbox.ws, 'folder/other.txt'), 'utf8'), 'other\n');
  });
});

describe('attack: moves against a read-only workspace', () => {
  let sandbox: Sandbox;
  let server: RunningServer;

  before(async () => {
    sandbox = await makeSandbox();
    await sandbox.file(sandbox.ws, 'keep.txt', 'keep\n');
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

  it('refuses every change when the workspace is read-only', async () => {
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['move_file', { source: 'keep.txt', destination: 'moved.txt' }],
      ['move_file', { source: 'keep.txt', destination: '../outside/moved.txt' }],
      ['write_file', { path: 'keep.txt', content: 'changed' }],
      ['edit_file', { path: 'keep.txt', edits: [{ oldText: 'keep', newText: 'x' }] }],
      ['create_directory', { path: 'newdir' }],
      ['delete_file', { path: 'keep.txt' }],
    ];
    for (const [name, args] of attempts) {
      const refused = await call(server.client, name, args).then(
        (result) => result.isError === true,
        () => true,
      );
      assert.ok(refused, `${name} is refused`);
      await assertAlive(server.client, sandbox.ws);
    }
    assert.deepEqual(await readdir(sandbox.ws), ['keep.txt']);
    assert.equal(await readFile(path.join(sandbox.ws, 'keep.txt'), 'utf8'), 'keep\n');
    assert.deepEqual(await readdir(sandbox.outside), ['secret.txt']);
  });
});
