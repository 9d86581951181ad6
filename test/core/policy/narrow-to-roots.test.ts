import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { narrowToRoots } from '../../../main/core/policy/narrow-to-roots.ts';
import { isPolicyError } from '../../../main/core/policy/policy-error.ts';
import { policyFor, tempRoot } from './policy-fixture.ts';

const root = await tempRoot();
const ws = path.join(root, 'ws');
const project = path.join(ws, 'project');
const elsewhere = path.join(root, 'elsewhere');
await mkdir(project, { recursive: true });
await mkdir(elsewhere, { recursive: true });
const policy = await policyFor([ws, 'write']);

describe("narrowing a grant to the client's roots", () => {
  it('narrows a workspace to a root inside it, keeping its access', async () => {
    const narrowed = await narrowToRoots(policy, [pathToFileURL(project).href]);
    assert.deepEqual(
      narrowed.workspaces.map((w) => [w.root, w.access]),
      [[project, 'write']],
    );
  });

  it('never widens: a root outside every workspace adds nothing', async () => {
    const narrowed = await narrowToRoots(policy, [
      pathToFileURL(elsewhere).href,
      pathToFileURL('/').href,
    ]);
    assert.deepEqual(
      narrowed.workspaces.map((w) => w.root),
      [ws],
      'a root that contains the workspace keeps only the workspace',
    );
    assert.equal(
      narrowed.workspaces.some((w) => w.root === elsewhere),
      false,
    );
  });

  it('leaves no access at all when no root overlaps a workspace, and says why', async () => {
    const narrowed = await narrowToRoots(policy, [pathToFileURL(elsewhere).href]);
    assert.equal(narrowed.workspaces.length, 0);
    await assert.rejects(
      narrowed.resolveExisting(path.join(elsewhere)),
      (error) => isPolicyError(error) && /roots/.test(error.message),
    );
  });

  it('keeps the grant when the client declares no roots at all', async () => {
    const narrowed = await narrowToRoots(policy, []);
    assert.deepEqual(
      narrowed.workspaces.map((w) => w.root),
      [ws],
    );
  });

  it('ignores roots that are not local file URIs', async () => {
    const narrowed = await narrowToRoots(policy, [
      'https://example.com/',
      'file://server/share',
      'not a uri',
    ]);
    assert.equal(narrowed.workspaces.length, 0);
  });
});
