// Changing the list of shared folders: a new folder must exist, be a folder and not be
// shared already (under another spelling or through a link); others are named exactly.
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../../../main/core/app/ipc/app-error.ts';
import {
  withWorkspaceAdded,
  withWorkspaceChanged,
  withWorkspaceRemoved,
} from '../../../../main/core/app/workspaces/workspace-entries.ts';
import { AirlockState, locateAirlockState } from '../../../../main/core/policy/airlock-state.ts';
import { currentPlatform } from '../../../../main/core/policy/platform.ts';
import { makeAppSandbox, type AppSandbox } from '../app-fixture.ts';

let sandbox: AppSandbox;
before(async () => {
  sandbox = await makeAppSandbox();
});
after(async () => sandbox.cleanup());

const platform = currentPlatform();
const noState = AirlockState.none(platform);
const refusedWith = (code: string) => (error: unknown) =>
  error instanceof AppError && error.code === code;

describe('shared folder list changes', () => {
  it('adds a folder with the access chosen, asking before deleting, moving or replacing, and hiding the secrets inside its files', async () => {
    const next = await withWorkspaceAdded(platform, [], sandbox.folderA, 'write', noState);
    assert.deepEqual(next, [
      { path: sandbox.folderA, access: 'write', askBefore: 'replacing', maskSecrets: true },
    ]);
  });

  it('refuses a folder that does not exist', async () => {
    await assert.rejects(
      withWorkspaceAdded(platform, [], path.join(sandbox.root, 'missing'), 'read', noState),
      refusedWith('invalid_workspace'),
    );
  });

  it('refuses a file', async () => {
    const file = path.join(sandbox.root, 'note.txt');
    await writeFile(file, 'x');
    await assert.rejects(
      withWorkspaceAdded(platform, [], file, 'read', noState),
      refusedWith('invalid_workspace'),
    );
  });

  it("refuses Airlock's own data folder, and any folder inside it, with a plain reason", async () => {
    const state = await locateAirlockState(platform, {
      dataDir: sandbox.folderA,
      auditFile: path.join(sandbox.folderA, 'audit', 'audit.jsonl'),
    });
    const inside = path.join(sandbox.folderA, 'inside');
    await mkdir(inside, { recursive: true });
    for (const folder of [sandbox.folderA, inside]) {
      await assert.rejects(
        withWorkspaceAdded(platform, [], folder, 'write', state),
        (error: unknown) =>
          refusedWith('invalid_workspace')(error) &&
          /Airlock's own data folder/.test((error as Error).message),
      );
    }
  });

  it('refuses a folder already shared, even through a link to it', async () => {
    const link = path.join(sandbox.root, 'link-to-a');
    await symlink(sandbox.folderA, link);
    const entries = [
      {
        path: sandbox.folderA,
        access: 'read' as const,
        askBefore: 'nothing' as const,
        maskSecrets: true,
      },
    ];
    await assert.rejects(
      withWorkspaceAdded(platform, entries, link, 'read', noState),
      refusedWith('already_added'),
    );
    await assert.rejects(
      withWorkspaceAdded(platform, entries, sandbox.folderA, 'write', noState),
      refusedWith('already_added'),
    );
  });

  it('removes and changes a folder named by its exact path only', () => {
    const entries = [
      {
        path: sandbox.folderA,
        access: 'read' as const,
        askBefore: 'nothing' as const,
        maskSecrets: true,
      },
      {
        path: sandbox.folderB,
        access: 'read' as const,
        askBefore: 'nothing' as const,
        maskSecrets: true,
      },
    ];
    assert.deepEqual(withWorkspaceRemoved(entries, sandbox.folderA), [entries[1]]);
    assert.deepEqual(withWorkspaceChanged(entries, sandbox.folderB, { access: 'write' })[1], {
      path: sandbox.folderB,
      access: 'write',
      askBefore: 'nothing',
      maskSecrets: true,
    });
    assert.deepEqual(
      withWorkspaceChanged(entries, sandbox.folderB, { askBefore: 'every-change' }),
      [
        entries[0],
        { path: sandbox.folderB, access: 'read', askBefore: 'every-change', maskSecrets: true },
      ],
    );
    assert.deepEqual(withWorkspaceChanged(entries, sandbox.folderA, { maskSecrets: false }), [
      { path: sandbox.folderA, access: 'read', askBefore: 'nothing', maskSecrets: false },
      entries[1],
    ]);
    assert.throws(
      () => withWorkspaceRemoved(entries, `${sandbox.folderA}/`),
      refusedWith('not_found'),
    );
    assert.throws(
      () => withWorkspaceChanged(entries, sandbox.root, { access: 'write' }),
      refusedWith('not_found'),
    );
    assert.throws(
      () => withWorkspaceChanged(entries, `${sandbox.folderB}/`, { askBefore: 'nothing' }),
      refusedWith('not_found'),
    );
    assert.throws(
      () => withWorkspaceChanged(entries, `${sandbox.folderA}/`, { maskSecrets: false }),
      refusedWith('not_found'),
    );
  });
});
