import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildAppCore } from '../../../main/core/app/build-app-core.ts';
import { AirlockState, locateAirlockState } from '../../../main/core/policy/airlock-state.ts';
import { currentPlatform } from '../../../main/core/policy/platform.ts';
import { AccessSwitch } from '../../../main/core/server/access-switch.ts';
import { SettingsSchema } from '../../../main/core/settings/settings-schema.ts';
import { capturedLog, SEARCH_WORKER_URL } from './app-fixture.ts';

describe("the app's core", () => {
  it('keeps file operations on the thread pool, since its process also draws the window', async () => {
    const dataDir = await realpath(await mkdtemp(path.join(tmpdir(), 'airlock-app-core-')));
    try {
      const { core } = await buildAppCore({
        settings: SettingsSchema.parse({ workspaces: [{ path: dataDir, access: 'read' }] }),
        platform: currentPlatform(),
        airlockState: AirlockState.none(currentPlatform()),
        dataDir,
        auditKey: undefined,
        access: new AccessSwitch(),
        log: capturedLog(),
        searchWorkerUrl: SEARCH_WORKER_URL,
      });
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
      const platform = currentPlatform();
      const { core, workspaces } = await buildAppCore({
        settings: SettingsSchema.parse({
          workspaces: [
            { path: inside, access: 'write' },
            { path: beside, access: 'read' },
          ],
        }),
        platform,
        airlockState: await locateAirlockState(platform, {
          dataDir,
          auditFile: path.join(dataDir, 'audit', 'audit.jsonl'),
        }),
        dataDir,
        auditKey: undefined,
        access: new AccessSwitch(),
        log: capturedLog(),
        searchWorkerUrl: SEARCH_WORKER_URL,
      });
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
