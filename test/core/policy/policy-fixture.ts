import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

/** A fresh temp folder, removed when the test file ends. Call it at module level. */
export async function tempRoot(): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'airlock-policy-')));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function policyFor(...grants: [string, WorkspaceAccess][]): Promise<PathPolicy> {
  const workspaces = [];
  for (const [dir, access] of grants)
    workspaces.push(await openWorkspace(linuxPlatform, dir, access));
  return new PathPolicy(linuxPlatform, workspaces, defaultProtections(linuxPlatform));
}
