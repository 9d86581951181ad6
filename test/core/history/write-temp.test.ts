// The temp file a recorded write makes is named after its change, so that one a crash left
// before the rename can be removed at the next start: only that file, only in the folder
// the record names, and never through a link put in that folder's place.
import assert from 'node:assert/strict';
import { mkdir, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ChangeRecord } from '../../../main/core/history/change-record.ts';
import { removeLeftWriteTemp, writeTempName } from '../../../main/core/history/write-temp.ts';
import { pooledFileAccess } from '../../../main/core/platform/file-access.ts';
import { put } from '../fixtures.ts';
import { sameDiskLayout } from './history-fixtures.ts';

/** A write's record as its process began it, left pending by a crash. */
function pendingWrite(ws: string, file: string): ChangeRecord {
  return {
    version: 1,
    id: 'killedwrite01',
    tool: 'write_file',
    at: '2026-12-07T10:00:00.000Z',
    order: 1,
    workspaceRoot: ws,
    status: 'pending',
    undoable: true,
    owner: { pid: 999_999_999 },
    steps: [{ kind: 'staged', at: { root: ws, path: file }, size: 9, mode: 0o644 }],
  };
}

describe("a killed write's temp file", () => {
  it('is named after the change, with the prefix Airlock gives its temp files', () => {
    assert.equal(writeTempName('killedwrite01'), '.airlock-write-killedwrite01-0');
    assert.equal(writeTempName('killedwrite01', 2), '.airlock-write-killedwrite01-2');
  });

  it('is removed from the folder its record names', async () => {
    const { ws } = await sameDiskLayout();
    await mkdir(path.join(ws, 'sub'));
    await put(ws, 'sub/a.txt', 'untouched');
    await put(ws, `sub/${writeTempName('killedwrite01')}`, 'never renamed');
    await removeLeftWriteTemp(pendingWrite(ws, 'sub/a.txt'), pooledFileAccess);
    assert.deepEqual(await readdir(path.join(ws, 'sub')), ['a.txt']);
  });

  it("is removed for each file a killed restore was writing back, by the restore's step", async () => {
    const { ws } = await sameDiskLayout();
    await put(ws, 'a.txt', 'one');
    await put(ws, 'sub/b.txt', 'two');
    const restore: ChangeRecord = {
      ...pendingWrite(ws, 'a.txt'),
      tool: 'restore',
      restores: 'undonechange1',
      steps: [
        { kind: 'staged', at: { root: ws, path: 'a.txt' }, size: 3, mode: 0o644 },
        { kind: 'staged', at: { root: ws, path: 'sub/b.txt' }, size: 3, mode: 0o644 },
      ],
    };
    await put(ws, writeTempName(restore.id, 0), 'cut short');
    await put(ws, `sub/${writeTempName(restore.id, 1)}`, 'cut short');
    await removeLeftWriteTemp(restore, pooledFileAccess);
    assert.deepEqual((await readdir(ws)).sort(), ['a.txt', 'sub']);
    assert.deepEqual(await readdir(path.join(ws, 'sub')), ['b.txt']);
  });

  it('leaves a folder or a link of that name, and other temp files, alone', async () => {
    const { ws, outside } = await sameDiskLayout();
    await put(ws, 'a.txt', 'untouched');
    await mkdir(path.join(ws, writeTempName('killedwrite01')));
    await put(ws, '.airlock-write-0123456789abcdef', 'another write, under way');
    await removeLeftWriteTemp(pendingWrite(ws, 'a.txt'), pooledFileAccess);
    const sub = path.join(ws, 'sub');
    await mkdir(sub);
    await writeFile(path.join(outside, 'target.txt'), 'outside');
    await symlink(path.join(outside, 'target.txt'), path.join(sub, writeTempName('killedwrite01')));
    await removeLeftWriteTemp(pendingWrite(ws, 'sub/a.txt'), pooledFileAccess);
    assert.deepEqual((await readdir(ws)).sort(), [
      '.airlock-write-0123456789abcdef',
      writeTempName('killedwrite01'),
      'a.txt',
      'sub',
    ]);
    assert.deepEqual(await readdir(sub), [writeTempName('killedwrite01')]);
    assert.deepEqual(await readdir(outside), ['target.txt']);
  });

  it('is never looked for through a link put in place of its folder', async () => {
    const { ws, outside } = await sameDiskLayout();
    const elsewhere = path.join(outside, 'sub');
    await mkdir(path.join(ws, 'sub'));
    await put(ws, `sub/${writeTempName('killedwrite01')}`, 'a file outside by that name');
    // The folder moved out of the workspace, and a link to it put in its place.
    await rename(path.join(ws, 'sub'), elsewhere);
    await symlink(elsewhere, path.join(ws, 'sub'));
    await removeLeftWriteTemp(pendingWrite(ws, 'sub/a.txt'), pooledFileAccess);
    assert.deepEqual(await readdir(elsewhere), [writeTempName('killedwrite01')]);
  });
});
