import assert from 'node:assert/strict';
import { rename, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pooledFileAccess } from '../../../main/core/platform/file-access.ts';
import {
  assertStillSame,
  openVerified,
  openVerifiedFile,
} from '../../../main/core/fs/verified-open.ts';
import type { ResolvedPath } from '../../../main/core/policy/path-policy.ts';
import { makeFifo, settlesWithin } from '../../helpers/fifo.ts';
import { makeLayout, makePolicy, put, rejectsWith } from '../fixtures.ts';

async function resolvedAt(ws: string, relative: string): Promise<ResolvedPath> {
  const policy = await makePolicy(ws);
  const workspace = policy.workspaces[0];
  assert.ok(workspace);
  return { workspace, real: path.join(ws, relative), segments: relative.split('/'), exists: true };
}

describe('openVerified', () => {
  it('opens the file the policy resolved and reads its content', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const handle = await openVerified(await policy.resolveExisting('a.txt'));
    try {
      assert.equal(await handle.readFile('utf8'), 'alpha\n');
    } finally {
      await handle.close();
    }
  });

  it('refuses a path whose last segment is a link, with changed_during_operation', async () => {
    const { ws, outside } = await makeLayout();
    await put(outside, 'secret.txt', 'secret\n');
    await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'swapped.txt'));
    await rejectsWith(
      openVerified(await resolvedAt(ws, 'swapped.txt')),
      'changed_during_operation',
    );
  });

  it('refuses a link in the last segment even when it points inside the workspace', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    await symlink('a.txt', path.join(ws, 'alias.txt'));
    await rejectsWith(openVerified(await resolvedAt(ws, 'alias.txt')), 'changed_during_operation');
  });

  it('refuses a file that was swapped for a link after the policy resolved it', async () => {
    const { ws, outside } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    await put(outside, 'secret.txt', 'secret\n');
    const policy = await makePolicy(ws);
    const resolved = await policy.resolveExisting('a.txt');
    await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'a.tmp-link'));
    await rename(path.join(ws, 'a.tmp-link'), path.join(ws, 'a.txt'));
    await rejectsWith(openVerified(resolved), 'changed_during_operation');
  });

  it('refuses a path whose parent folder was swapped for a link after the check', async () => {
    const { ws, outside } = await makeLayout();
    await put(ws, 'dir/a.txt', 'alpha\n');
    await put(outside, 'a.txt', 'secret\n');
    const policy = await makePolicy(ws);
    const resolved = await policy.resolveExisting('dir/a.txt');
    await rename(path.join(ws, 'dir'), path.join(ws, 'dir-old'));
    await symlink(outside, path.join(ws, 'dir'));
    await rejectsWith(openVerified(resolved), 'changed_during_operation');
  });

  it('refuses a file that disappeared after the check, with changed_during_operation', async () => {
    const { ws } = await makeLayout();
    await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const resolved = await policy.resolveExisting('a.txt');
    await rename(path.join(ws, 'a.txt'), path.join(ws, 'b.txt'));
    await rejectsWith(openVerified(resolved), 'changed_during_operation');
  });
});

describe('assertStillSame', () => {
  it('passes while the opened file is still at its path', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const handle = await openVerified(await policy.resolveExisting('a.txt'));
    try {
      await assertStillSame(file, await handle.stat());
    } finally {
      await handle.close();
    }
  });

  it('detects a file replaced by another one (a new inode) after it was opened', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const handle = await openVerified(await policy.resolveExisting('a.txt'));
    try {
      const opened = await handle.stat();
      await writeFile(path.join(ws, 'replacement'), 'other\n');
      await rename(path.join(ws, 'replacement'), file);
      await rejectsWith(assertStillSame(file, opened), 'changed_during_operation');
    } finally {
      await handle.close();
    }
  });

  it('detects a file replaced by a link after it was opened', async () => {
    const { ws, outside } = await makeLayout();
    const file = await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const handle = await openVerified(await policy.resolveExisting('a.txt'));
    try {
      const opened = await handle.stat();
      await put(outside, 'secret.txt', 'secret\n');
      await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'link'));
      await rename(path.join(ws, 'link'), file);
      await rejectsWith(assertStillSame(file, opened), 'changed_during_operation');
    } finally {
      await handle.close();
    }
  });

  it('detects a file removed after it was opened', async () => {
    const { ws } = await makeLayout();
    const file = await put(ws, 'a.txt', 'alpha\n');
    const policy = await makePolicy(ws);
    const handle = await openVerified(await policy.resolveExisting('a.txt'));
    try {
      const opened = await handle.stat();
      await rename(file, path.join(ws, 'elsewhere.txt'));
      await rejectsWith(assertStillSame(file, opened), 'changed_during_operation');
    } finally {
      await handle.close();
    }
  });
});

describe('openVerified and openVerifiedFile on special files', () => {
  for (const open of ['openVerified', 'openVerifiedFile'] as const) {
    const opener = (resolved: ResolvedPath) =>
      open === 'openVerified'
        ? openVerified(resolved).then((handle) => ({
            stat: () => handle.stat(),
            close: () => handle.close(),
          }))
        : openVerifiedFile(resolved, pooledFileAccess).then((file) => ({
            stat: () => file.stat(),
            close: async () => file.closeInBackground(),
          }));

    it(`${open} opens a FIFO without waiting for a writer, for the caller to refuse`, async () => {
      const { ws } = await makeLayout();
      const fifo = makeFifo(path.join(ws, 'pipe'));
      const policy = await makePolicy(ws);
      const opened = await settlesWithin(opener(await policy.resolveExisting('pipe')), 2000, [
        fifo,
      ]);
      try {
        assert.equal((await opened.stat()).isFIFO(), true);
      } finally {
        await opened.close();
      }
    });

    it(`${open} refuses a Unix socket as a special file`, async () => {
      const { ws } = await makeLayout();
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(path.join(ws, 'socket'), resolve));
      after(() => server.close());
      const policy = await makePolicy(ws);
      const refusal = await rejectsWith(
        opener(await policy.resolveExisting('socket')),
        'not_a_file',
      );
      assert.match(refusal.message, /special file/);
    });
  }
});
