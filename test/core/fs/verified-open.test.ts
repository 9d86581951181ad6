import assert from 'node:assert/strict';
import { readFile, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  assertStillSame,
  openVerified,
  type VerifiedFolder,
} from '../../../main/core/fs/verified-open.ts';
import { readAt } from '../../../main/core/platform/descriptor-io.ts';
import { inlineFileAccess, pooledFileAccess } from '../../../main/core/platform/file-access.ts';
import { settlesWithin } from '../../helpers/fifo.ts';
import { makeLayout, put, rejectsWith } from '../fixtures.ts';
import { openedAs } from './opened-as.ts';
import { stillSameCases, verifiedOpenCases } from './verified-open-cases.ts';

// Both ways of reaching the kernel must give the same answers and the same refusals.
for (const access of [pooledFileAccess, inlineFileAccess]) {
  describe(`openVerified (${access.kind} file access)`, () => {
    for (const openCase of verifiedOpenCases) {
      // Inline, an open that waited on a FIFO would hold this very thread, and no timer could
      // end the test; the attack suite proves the inline server against FIFOs in a process.
      if (openCase.fifo && access === inlineFileAccess) continue;
      it(`${openCase.kind}: ${openCase.title}`, async () => {
        const { real, fifos } = await openCase.arrange();
        const { expected } = openCase;
        const opening = settlesWithin(openVerified(real, openCase.kind, access), 2000, fifos);
        if ('refused' in expected) {
          const refusal = await rejectsWith(opening, expected.refused);
          if (expected.message) assert.match(refusal.message, expected.message);
          return;
        }
        const opened = await opening;
        try {
          assert.equal(opened.real, real);
          assert.equal(opened.kind, openCase.kind);
          assert.equal(openedAs(await opened.stat()), expected.opens);
          if (expected.content !== undefined && opened.kind === 'file')
            assert.equal((await readAt(opened, 0, 1024)).toString(), expected.content);
          if (expected.names !== undefined && opened.kind === 'folder') {
            const entries = await opened.readEntries();
            assert.deepEqual(entries.map((entry) => entry.name).sort(), expected.names);
          }
          await opened.assertUnchanged();
        } finally {
          await opened.close();
        }
      });
    }
  });
}

describe('a verified folder', () => {
  async function openFolder(): Promise<{ ws: string; folder: VerifiedFolder }> {
    const { ws } = await makeLayout();
    await put(ws, 'dir/a.txt', 'alpha\n');
    await put(ws, 'dir/b.txt', 'beta\n');
    return { ws, folder: await openVerified(path.join(ws, 'dir'), 'folder', pooledFileAccess) };
  }

  it('lists its entries', async () => {
    const { folder } = await openFolder();
    try {
      const names = (await folder.readEntries()).map((entry) => entry.name).sort();
      assert.deepEqual(names, ['a.txt', 'b.txt']);
    } finally {
      await folder.close();
    }
  });

  it(
    'reaches its entries through its descriptor, so a swap of its path cannot redirect them',
    { skip: process.platform !== 'linux' },
    async () => {
      const { ws, folder } = await openFolder();
      try {
        await rename(path.join(ws, 'dir'), path.join(ws, 'dir-old'));
        await put(ws, 'outside/a.txt', 'secret\n');
        await symlink(path.join(ws, 'outside'), path.join(ws, 'dir'));
        assert.equal(await readFile(folder.pathOf('a.txt'), 'utf8'), 'alpha\n');
        assert.deepEqual((await folder.readEntries()).map((entry) => entry.name).sort(), [
          'a.txt',
          'b.txt',
        ]);
      } finally {
        await folder.close();
      }
    },
  );

  it('fails its check once its path names another folder', async () => {
    const { ws, folder } = await openFolder();
    try {
      await rename(path.join(ws, 'dir'), path.join(ws, 'dir-old'));
      await put(ws, 'dir/c.txt', 'other\n');
      await rejectsWith(folder.assertUnchanged(), 'changed_during_operation');
    } finally {
      await folder.close();
    }
  });
});

describe('assertStillSame and assertUnchanged', () => {
  for (const stillSameCase of stillSameCases) {
    it(stillSameCase.title, async () => {
      const { ws, outside } = await makeLayout();
      const real = await put(ws, 'a.txt', 'alpha\n');
      const file = await openVerified(real, 'file', pooledFileAccess);
      try {
        const opened = await file.stat();
        await stillSameCase.change(real, ws, outside);
        if (stillSameCase.stillSame) {
          await assertStillSame(real, opened);
          await file.assertUnchanged();
        } else {
          await rejectsWith(assertStillSame(real, opened), 'changed_during_operation');
          await rejectsWith(file.assertUnchanged(), 'changed_during_operation');
        }
      } finally {
        await file.close();
      }
    });
  }
});
