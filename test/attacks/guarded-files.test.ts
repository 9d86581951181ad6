// Guarded files: secrets, private keys and credentials inside a workspace can't be
// read, written, edited (not even as a dry-run diff), moved, or found by search_content,
// whichever tool or path spelling the agent uses.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  assertNoLeak,
  assertOk,
  call,
  everythingIn,
  expectRefusal,
  textOf,
} from '../helpers/results.ts';
import type { Sandbox } from '../helpers/sandbox.ts';
import { serveSandbox } from '../helpers/suite.ts';

/** Each guarded file holds its own token, so a leak says which file leaked. */
const GUARDED = [
  '.env',
  '.env.local',
  '.env.production',
  'config/.env',
  'id_rsa',
  'id_rsa.pub',
  'id_ed25519',
  'certs/server.pem',
  'certs/tls.key',
  'certs/client.p12',
  '.ssh/config',
  '.ssh/authorized_keys',
  'home/.ssh/known_hosts',
  '.aws/credentials',
  '.netrc',
  'vault.kdbx',
  '.npmrc',
] as const;

const token = (name: string) => `GUARDED-TOKEN-${name.replace(/[^a-z0-9]/gi, '_')}`;
const contentOf = (name: string) =>
  name.endsWith('.npmrc')
    ? `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${token(name)}\n`
    : `${token(name)}\nSHARED-MARKER\n`;

async function plant(sandbox: Sandbox): Promise<void> {
  await sandbox.file(sandbox.ws, 'readme.txt', 'SHARED-MARKER in a normal file\n');
  await sandbox.file(sandbox.ws, 'plain/.npmrc', 'registry=https://registry.npmjs.org/\n');
  for (const name of GUARDED) await sandbox.file(sandbox.ws, name, contentOf(name));
  // Innocent-looking names that point at guarded files.
  await symlink('.env', path.join(sandbox.ws, 'innocent.txt'));
  await symlink('.ssh', path.join(sandbox.ws, 'innocent-dir'));
  await symlink('certs', path.join(sandbox.ws, 'certs-link'));
}

describe('attack: guarded files', () => {
  const ctx = serveSandbox({ allowWrite: true, prepare: plant });
  const tokens = GUARDED.map(token);

  /** Every way this suite spells each guarded file. */
  function spellings(name: string): string[] {
    const { ws } = ctx.sandbox;
    return [name, `./${name}`, `plain/../${name}`, path.join(ws, name), `file://${ws}/${name}`];
  }

  async function unchanged(): Promise<void> {
    for (const name of GUARDED) {
      assert.equal(await readFile(path.join(ctx.sandbox.ws, name), 'utf8'), contentOf(name), name);
    }
  }

  it('refuses reading a guarded file with every read tool and spelling', async () => {
    for (const name of GUARDED) {
      for (const p of spellings(name)) {
        for (const tool of ['read_text_file', 'read_media_file']) {
          await expectRefusal(ctx.client, tool, { path: p }, tokens);
        }
        await expectRefusal(ctx.client, 'read_text_file', { path: p, head: 1 }, tokens);
        await expectRefusal(ctx.client, 'read_text_file', { path: p, tail: 1 }, tokens);
      }
    }
  });

  it('refuses a guarded file reached through an innocent-looking link', async () => {
    for (const p of ['innocent.txt', 'innocent-dir/config', 'certs-link/server.pem']) {
      await expectRefusal(ctx.client, 'read_text_file', { path: p }, tokens);
      await expectRefusal(ctx.client, 'write_file', { path: p, content: 'x' }, tokens);
    }
    await unchanged();
  });

  it('reports guarded files inline in read_multiple_files and still reads the rest', async () => {
    const result = await call(ctx.client, 'read_multiple_files', {
      paths: ['readme.txt', ...GUARDED, 'innocent.txt'],
    });
    assertNoLeak(result, tokens, 'read_multiple_files');
    assert.match(textOf(result), /SHARED-MARKER in a normal file/);
  });

  it('never finds text inside guarded files with search_content', async () => {
    for (const [pattern, literal] of [
      ['GUARDED-TOKEN', true],
      ['SHARED-MARKER', true],
      ['_authToken', true],
      ['GUARDED-TOKEN-\\w+', false],
      ['.*', false],
    ] as const) {
      for (const p of ['.', '.ssh', 'certs', 'innocent-dir', 'config']) {
        const result = await call(ctx.client, 'search_content', { path: p, pattern, literal });
        assertNoLeak(result, tokens, `search_content ${p} ${pattern}`);
      }
    }
    const marker = await call(ctx.client, 'search_content', {
      path: '.',
      pattern: 'SHARED-MARKER',
      literal: true,
    });
    const found = assertOk(marker, 'search_content SHARED-MARKER');
    assert.match(found, /readme\.txt/, 'the normal file is still found');
    for (const name of GUARDED) {
      assert.ok(!everythingIn(marker).includes(name), `${name} reported as a hit`);
    }
  });

  it('reads a .npmrc that carries no token', async () => {
    const result = await call(ctx.client, 'read_text_file', { path: 'plain/.npmrc' });
    assert.equal(assertOk(result), 'registry=https://registry.npmjs.org/\n');
  });

  it('refuses writing, editing, and previewing edits of guarded files', async () => {
    for (const name of GUARDED) {
      for (const p of spellings(name)) {
        await expectRefusal(ctx.client, 'write_file', { path: p, content: 'overwritten' }, tokens);
        for (const dryRun of [true, false]) {
          await expectRefusal(
            ctx.client,
            'edit_file',
            { path: p, edits: [{ oldText: 'SHARED-MARKER', newText: 'edited' }], dryRun },
            tokens,
          );
        }
      }
    }
    await unchanged();
  });

  it('refuses creating new guarded files and folders', async () => {
    const fresh = [
      '.env.test',
      'plain/.env',
      'new.pem',
      'deploy.key',
      '.ssh/new-key',
      'plain/.netrc',
    ];
    for (const p of fresh) {
      await expectRefusal(ctx.client, 'write_file', { path: p, content: 'x' }, tokens);
    }
    for (const p of ['.ssh/more', 'plain/.ssh', 'plain/.gnupg']) {
      await expectRefusal(ctx.client, 'create_directory', { path: p }, tokens);
    }
    for (const p of [...fresh, '.ssh/more', 'plain/.ssh', 'plain/.gnupg']) {
      assert.equal(existsSync(path.join(ctx.sandbox.ws, p)), false, p);
    }
  });

  it('refuses moving a guarded file away or a file onto a guarded name', async () => {
    for (const name of GUARDED) {
      await expectRefusal(
        ctx.client,
        'move_file',
        { source: name, destination: 'exposed.txt' },
        tokens,
      );
    }
    const guardedNames = ['.env.new', 'plain/.env', 'stolen.pem', 'certs/new.key', '.ssh/planted'];
    for (const destination of [...guardedNames, 'id_rsa2', 'plain/.netrc', 'x.kdbx']) {
      await expectRefusal(ctx.client, 'move_file', { source: 'readme.txt', destination }, tokens);
    }
    await expectRefusal(
      ctx.client,
      'move_file',
      { source: '.ssh', destination: 'dot-ssh' },
      tokens,
    );
    await unchanged();
    for (const p of ['exposed.txt', 'dot-ssh', ...guardedNames]) {
      assert.equal(existsSync(path.join(ctx.sandbox.ws, p)), false, p);
    }
    assert.equal(existsSync(path.join(ctx.sandbox.ws, 'readme.txt')), true);
  });

  it('does not leak guarded content through listings, trees or file info', async () => {
    for (const [tool, args] of [
      ['list_directory', { path: '.' }],
      ['list_directory_with_sizes', { path: '.' }],
      ['directory_tree', { path: '.' }],
      ['search_files', { path: '.', pattern: '**/*' }],
      ['get_file_info', { path: '.env' }],
    ] as const) {
      assertNoLeak(await call(ctx.client, tool, args), tokens, tool);
    }
  });
});
