import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { narrowToGrant } from '../../../main/core/policy/narrow-to-grant.ts';
import { narrowToRoots } from '../../../main/core/policy/narrow-to-roots.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import type { AskBefore } from '../../../preload/contract/approval-views.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { tempRoot } from './policy-fixture.ts';

const root = await tempRoot();
const outer = path.join(root, 'outer');
const inner = path.join(outer, 'inner');
const deep = path.join(inner, 'deep');
await mkdir(deep, { recursive: true });

async function policyOf(...grants: [string, WorkspaceAccess, AskBefore][]): Promise<PathPolicy> {
  const workspaces = [];
  for (const [dir, access, askBefore] of grants) {
    workspaces.push({ ...(await openWorkspace(linuxPlatform, dir, access)), askBefore });
  }
  return new PathPolicy(linuxPlatform, workspaces, defaultProtections(linuxPlatform));
}

const asked = (policy: PathPolicy) =>
  policy.workspaces.map((workspace) => [workspace.root, workspace.access, workspace.askBefore]);

// A narrowed grant may only take away: a client's roots or an HTTP key's folders must never
// drop "ask me first", or a client could stop being asked by sending roots.
describe('narrowing a grant keeps what the person asked to approve', () => {
  it("a client's root inside a workspace keeps its setting", async () => {
    const policy = await policyOf([outer, 'write', 'every-change']);
    const narrowed = await narrowToRoots(policy, [pathToFileURL(deep).href]);
    assert.deepEqual(asked(narrowed), [[deep, 'write', 'every-change']]);
  });

  it("an HTTP key's folder inside a workspace keeps its setting, and a read-only key too", async () => {
    const policy = await policyOf([outer, 'write', 'replacing']);
    assert.deepEqual(asked(narrowToGrant(policy, { workspaces: [inner], access: 'write' })), [
      [inner, 'write', 'replacing'],
    ]);
    assert.deepEqual(asked(narrowToGrant(policy, { workspaces: [inner], access: 'read' })), [
      [inner, 'read', 'replacing'],
    ]);
    assert.deepEqual(asked(narrowToGrant(policy, { access: 'write' })), [
      [outer, 'write', 'replacing'],
    ]);
  });

  it('a root around a workspace keeps the workspace as it is', async () => {
    const policy = await policyOf([inner, 'write', 'every-change']);
    const narrowed = await narrowToRoots(policy, [pathToFileURL(root).href]);
    assert.deepEqual(asked(narrowed), [[inner, 'write', 'every-change']]);
  });

  it('a root inside nested workspaces takes the deepest one, in either order', async () => {
    const loose: [string, WorkspaceAccess, AskBefore] = [outer, 'write', 'nothing'];
    const strict: [string, WorkspaceAccess, AskBefore] = [inner, 'read', 'every-change'];
    for (const policy of [await policyOf(loose, strict), await policyOf(strict, loose)]) {
      const narrowed = await narrowToRoots(policy, [pathToFileURL(deep).href]);
      assert.deepEqual(asked(narrowed), [[deep, 'read', 'every-change']]);
    }
  });
});
