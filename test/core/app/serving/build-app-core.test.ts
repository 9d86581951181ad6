import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildAppCore } from '../../../../main/core/app/serving/build-app-core.ts';
import { AirlockState, locateAirlockState } from '../../../../main/core/policy/airlock-state.ts';
import { currentPlatform } from '../../../../main/core/policy/platform.ts';
import { AccessSwitch } from '../../../../main/core/server/access-switch.ts';
import { SettingsFileSchema } from '../../../../main/core/settings/settings-schema.ts';
import { capturedLog, SEARCH_WORKER_URL } from '../app-fixture.ts';
import type { WorkspaceAccess } from '../../../../preload/contract/vocabulary.ts';

/** The app's core over `dataDir`, with `workspaces` saved and `airlockState` kept out. */
function buildOver(
  dataDir: string,
  workspaces: readonly { path: string; access: WorkspaceAccess }[],
  airlockState: AirlockState = AirlockState.none(currentPlatform()),
) {
  return buildAppCore({
    settings: SettingsFileSchema.parse({ workspaces }),
    platform: currentPlatform(),
    airlockState,
    dataDir,
    auditKey: undefined,
    access: new AccessSwitch(),
    log: capturedLog(),
    searchWorkerUrl: SEARCH_WORKER_URL,
  });
}

describe("the app's core", () => {
  it('keeps file operations on the thread pool, since its process also draws the window', async () => {
    const dataDir = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-app-core-')));
    try {
      const { core } = await buildOver(dataDir, [{ path: dataDir, access: 'read' }]);
      try {
        assert.equal(core.policy.fileAccess.kind, 'pooled');
      } finally {
        core.audit.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("leaves out a saved folder inside Airlock's own data folder, and says why", async () => {
    const dataDir = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-app-core-')));
    const inside = path.join(dataDir, 'history');
    const beside = path.join(dataDir, '..', path.basename(dataDir) + '-beside');
    try {
      await mkdir(inside);
      await mkdir(beside);
      const { core, workspaces } = await buildOver(
        dataDir,
        [
          { path: inside, access: 'write' },
          { path: beside, access: 'read' },
        ],
        await locateAirlockState(currentPlatform(), {
          dataDir,
          auditFile: path.join(dataDir, 'audit', 'audit.jsonl'),
        }),
      );
      try {
        assert.deepEqual(
          core.policy.workspaces.map((workspace) => workspace.root),
          [path.resolve(beside)],
        );
        const refused = workspaces.find((view) => view.path === inside);
        assert.equal(refused?.available, false);
        assert.match(refused?.problem ?? '', /Airlock's own data folder/);
      } finally {
        core.audit.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await rm(beside, { recursive: true, force: true });
    }
  });
});
