// What a deletion keeps: the entry moved into history as it was (a file, a folder with all in
// it, a link as itself), by a rename on the same disk and by a whole copy across disks, the
// original removed only once the copy is whole; a pipe inside is refused without waiting on it.
import assert from 'node:assert/strict';
import { chmod, link, lstat, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openVerified } from '../../../main/core/fs/verified-open.ts';
import { moveIntoHistory } from '../../../main/core/history/keep-removed.ts';
import { pooledFileAccess } from '../../../main/core/platform/file-access.ts';
import { makeFifo, settlesWithin } from '../../helpers/fifo.ts';
import { put, rejectsWith } from '../fixtures.ts';
import { exists, makeHistoryLayout, type DataDirPlace } from './history-fixtures.ts';

/** Moves `name` of the workspace into `kept` below the data dir, as a deletion does. */
async function keep(ws: string, name: string, kept: string): Promise<void> {
  const folder = await openVerified(ws, 'folder', pooledFileAccess);
  try {
    await moveIntoHistory(folder, name, kept);
  } finally {
    await folder.close();
  }
}

for (const place of ['same disk', 'other disk'] as DataDirPlace[]) {
  describe(`moving a deleted entry into history (data dir on the ${place})`, () => {
    const layoutOrSkip = async (t: { skip: (message: string) => void }) => {
      const layout = await makeHistoryLayout(place);
      if ('skip' in layout) {
        t.skip(layout.skip);
        return undefined;
      }
      return layout;
    };

    it('keeps a file and removes the original', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const file = await put(layout.ws, 'a.txt', 'alpha\n');
      const kept = path.join(layout.dataDir, 'kept-a');
      await keep(layout.ws, 'a.txt', kept);
      assert.equal(await exists(file), false);
      assert.equal(await readFile(kept, 'utf8'), 'alpha\n');
    });

    it('keeps a folder with its files, modes and links', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      await put(layout.ws, 'old/a.sh', '#!/bin/sh\n');
      await chmod(path.join(layout.ws, 'old/a.sh'), 0o750);
      await put(layout.ws, 'old/deep/b.txt', 'beta\n');
      await symlink('a.sh', path.join(layout.ws, 'old/link'));
      const kept = path.join(layout.dataDir, 'kept-old');
      await keep(layout.ws, 'old', kept);
      assert.equal(await exists(path.join(layout.ws, 'old')), false);
      assert.equal(await readFile(path.join(kept, 'deep/b.txt'), 'utf8'), 'beta\n');
      assert.equal((await stat(path.join(kept, 'a.sh'))).mode & 0o7777, 0o750);
      assert.equal(await readlink(path.join(kept, 'link')), 'a.sh');
    });

    it('keeps a link as a link, leaving its target in place', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      await put(layout.ws, 'target.txt', 't\n');
      await symlink('target.txt', path.join(layout.ws, 'link.txt'));
      const kept = path.join(layout.dataDir, 'kept-link');
      await keep(layout.ws, 'link.txt', kept);
      assert.equal(await readlink(kept), 'target.txt');
      assert.equal(await exists(path.join(layout.ws, 'link.txt')), false);
      assert.equal(await readFile(path.join(layout.ws, 'target.txt'), 'utf8'), 't\n');
    });

    it('copies a file with another hard link, so writing through that link cannot change it', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      const file = await put(layout.ws, 'a.txt', 'as deleted');
      await link(file, path.join(layout.outside, 'other-name.txt'));
      const kept = path.join(layout.dataDir, 'kept-linked');
      await keep(layout.ws, 'a.txt', kept);
      await writeFile(path.join(layout.outside, 'other-name.txt'), 'written later');
      assert.equal(await readFile(kept, 'utf8'), 'as deleted');
      assert.equal((await lstat(kept)).nlink, 1);
    });

    it('refuses a folder holding a pipe without waiting on it, keeping nothing half', async (t) => {
      const layout = await layoutOrSkip(t);
      if (!layout) return;
      await put(layout.ws, 'old/a.txt', 'alpha\n');
      const fifo = makeFifo(path.join(layout.ws, 'old', 'pipe'));
      const kept = path.join(layout.dataDir, 'kept-piped');
      const moving = keep(layout.ws, 'old', kept);
      if (place === 'same disk') {
        // A rename takes the folder whole, pipe and all, without opening anything.
        await settlesWithin(moving, 2000, [fifo]);
        assert.equal(await readFile(path.join(kept, 'a.txt'), 'utf8'), 'alpha\n');
        return;
      }
      await rejectsWith(settlesWithin(moving, 2000, [fifo]), 'not_a_file');
      assert.equal(await readFile(path.join(layout.ws, 'old/a.txt'), 'utf8'), 'alpha\n');
      assert.equal(await exists(kept), false);
    });
  });
}
