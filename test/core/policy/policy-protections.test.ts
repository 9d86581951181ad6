// The policy's two protections beside the secret guard: Airlock's own state, out of every
// grant, and launch points, readable but never changed. Case variants are judged by the
// platform's rules: macOS's are applied here to a Linux disk, so a variant spelling names a
// path the disk does not know, and only the rules can refuse it.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { locateAirlockState } from '../../../main/core/policy/airlock-state.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import {
  darwinPlatform,
  linuxPlatform,
  type PathPlatform,
} from '../../../main/core/policy/platform.ts';
import type { PolicyErrorCode } from '../../../main/core/policy/policy-error.ts';
import { openGrantedWorkspace, openWorkspace } from '../../../main/core/policy/workspace.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { rejectsWith } from '../fixtures.ts';
import { tempRoot } from './policy-fixture.ts';

/** Refused with `code`; the message, for checks of its words. */
async function refusedWith(code: PolicyErrorCode, work: () => unknown): Promise<string> {
  return (await rejectsWith(async () => work(), code)).message;
}

const root = await tempRoot();
const home = path.join(root, 'home');
const dataDir = path.join(home, 'data');

async function policyOn(platform: PathPlatform): Promise<PathPolicy> {
  const state = await locateAirlockState(platform, {
    dataDir,
    auditFile: path.join(dataDir, 'audit', 'audit.jsonl'),
  });
  return new PathPolicy(
    platform,
    [await openWorkspace(platform, home, 'write')],
    defaultProtections(platform, state),
  );
}

describe('the path policy and Airlock’s own state', () => {
  before(async () => {
    await mkdir(path.join(dataDir, 'audit'), { recursive: true });
    await writeFile(path.join(dataDir, 'config.json'), '{}');
    await writeFile(path.join(home, 'notes.txt'), 'notes');
  });

  it('refuses the data dir by its lexical path, before the disk is asked', async () => {
    const policy = await policyOn(linuxPlatform);
    for (const raw of ['data', 'data/config.json', 'data/missing/new.txt', `${dataDir}/audit`])
      await refusedWith('airlock_state', () => policy.locate(raw));
  });

  it('refuses a case variant of the data dir under macOS rules', async () => {
    const policy = await policyOn(darwinPlatform);
    for (const raw of ['DATA/config.json', 'Data/Config.JSON', 'data/AUDIT/audit.jsonl'])
      await refusedWith('airlock_state', () => policy.locate(raw));
  });

  it('leaves every other path of the workspace to the grant', async () => {
    const policy = await policyOn(linuxPlatform);
    assert.equal((await policy.resolveExisting('notes.txt')).real, path.join(home, 'notes.txt'));
  });

  it('refuses to grant the data dir, or a folder inside it, as a workspace', async () => {
    const state = await locateAirlockState(linuxPlatform, {
      dataDir,
      auditFile: path.join(dataDir, 'audit', 'audit.jsonl'),
    });
    for (const folder of [dataDir, path.join(dataDir, 'audit')]) {
      const message = await refusedWith('airlock_state', () =>
        openGrantedWorkspace(linuxPlatform, folder, 'write', state),
      );
      assert.match(message, /Airlock's own data folder/);
    }
    const granted = await openGrantedWorkspace(linuxPlatform, home, 'write', state);
    assert.equal(granted.root, home);
  });
});

describe('the path policy and launch points', () => {
  before(async () => {
    await writeFile(path.join(home, '.bashrc'), 'echo hi');
  });

  it('refuses a change to a launch point and lets it be read', async () => {
    const policy = await policyOn(linuxPlatform);
    const resolved = await policy.resolveExisting('.bashrc');
    const message = await refusedWith('protected', () =>
      policy.assertMayChange(resolved, '.bashrc'),
    );
    assert.match(message, /protected from agent changes/);
    assert.match(message, /The person can change it themselves/);
  });

  it('refuses a case variant of a launch point under macOS rules', async () => {
    const policy = await policyOn(darwinPlatform);
    for (const raw of ['.BASHRC', '.BashRC', '.Zshrc', '.MCP.json']) {
      const target = await policy.resolveForCreate(raw);
      await refusedWith('protected', () => policy.assertMayChange(target, raw));
    }
  });

  it('refuses a change in a read-only workspace first, with that reason', async () => {
    const state = await locateAirlockState(linuxPlatform, {
      dataDir,
      auditFile: path.join(dataDir, 'audit', 'audit.jsonl'),
    });
    const policy = new PathPolicy(
      linuxPlatform,
      [await openWorkspace(linuxPlatform, home, 'read')],
      defaultProtections(linuxPlatform, state),
    );
    const resolved = await policy.resolveExisting('notes.txt');
    await refusedWith('read_only', () => policy.assertMayChange(resolved, 'notes.txt'));
  });

  it('keeps both protections when a grant is narrowed', async () => {
    const policy = (await policyOn(linuxPlatform)).withWorkspaces([
      await openWorkspace(linuxPlatform, home, 'write'),
    ]);
    await refusedWith('airlock_state', () => policy.locate('data/config.json'));
    const resolved = await policy.resolveExisting('.bashrc');
    await refusedWith('protected', () => policy.assertMayChange(resolved, '.bashrc'));
  });
});
