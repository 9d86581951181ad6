import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { inlineFileAccess, type FileAccess } from '../../../main/core/platform/file-access.ts';
import { PathPolicy } from '../../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../../main/core/policy/platform.ts';
import { isPolicyError, type PolicyErrorCode } from '../../../main/core/policy/policy-error.ts';
import { openWorkspace } from '../../../main/core/policy/workspace.ts';
import { defaultProtections } from '../../helpers/protections.ts';
import { policyFor, tempRoot } from './policy-fixture.ts';

async function refusedWith(code: PolicyErrorCode, work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    assert.ok(isPolicyError(error), `expected a PolicyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error.message;
  }
  assert.fail(`expected a refusal with ${code}`);
}

// Made at module level so its cleanup belongs to the whole file, not to one hook.
const root = await tempRoot();

describe('the path policy', () => {
  const ws = path.join(root, 'ws');
  const other = path.join(root, 'other');
  let policy: PathPolicy;

  before(async () => {
    await mkdir(path.join(ws, 'docs'), { recursive: true });
    await mkdir(path.join(root, 'ws_evil'), { recursive: true });
    await mkdir(path.join(root, 'outside'), { recursive: true });
    await mkdir(other, { recursive: true });
    await writeFile(path.join(ws, 'docs', 'a.txt'), 'a');
    await writeFile(path.join(root, 'ws_evil', 'b.txt'), 'b');
    await writeFile(path.join(root, 'outside', 'secret.txt'), 'secret');
    await writeFile(path.join(other, 'c.txt'), 'c');
    await writeFile(path.join(ws, '.env'), 'TOKEN=1');
    await symlink(path.join(root, 'outside', 'secret.txt'), path.join(ws, 'file-link-out'));
    await symlink(path.join(root, 'outside'), path.join(ws, 'dir-link-out'));
    await symlink('../outside/secret.txt', path.join(ws, 'relative-link-out'));
    await symlink(path.join(root, 'outside', 'not-yet.txt'), path.join(ws, 'dangling-out'));
    await symlink('docs/a.txt', path.join(ws, 'link-in'));
    await symlink(path.join(other, 'c.txt'), path.join(ws, 'link-to-other-workspace'));
    await symlink('.env', path.join(ws, 'innocent-name'));
    policy = await policyFor([ws, 'write'], [other, 'read']);
  });

  it('resolves a relative path against the first workspace', async () => {
    const resolved = await policy.resolveExisting('docs/a.txt');
    assert.equal(resolved.real, path.join(ws, 'docs', 'a.txt'));
    assert.deepEqual(resolved.segments, ['docs', 'a.txt']);
  });

  it('accepts an absolute path inside any workspace and reports that workspace', async () => {
    const resolved = await policy.resolveExisting(path.join(other, 'c.txt'));
    assert.equal(resolved.workspace.root, other);
    assert.equal(resolved.workspace.access, 'read');
  });

  it('refuses relative traversal out of the workspace', async () => {
    await refusedWith('outside_workspace', policy.resolveExisting('../outside/secret.txt'));
    await refusedWith('outside_workspace', policy.resolveExisting('docs/../../outside/secret.txt'));
  });

  it('refuses an absolute path outside every workspace, and does not echo anything but the request', async () => {
    const message = await refusedWith('outside_workspace', policy.resolveExisting('/etc/passwd'));
    assert.match(message, /list_allowed_directories/);
  });

  it('refuses a prefix sibling: /ws_evil is not inside /ws', async () => {
    await refusedWith(
      'outside_workspace',
      policy.resolveExisting(path.join(root, 'ws_evil', 'b.txt')),
    );
    await refusedWith('outside_workspace', policy.resolveExisting(`${ws}_evil/b.txt`));
  });

  it('accepts doubled slashes and dot segments that stay inside', async () => {
    const resolved = await policy.resolveExisting(`${ws}//docs/./a.txt`);
    assert.equal(resolved.real, path.join(ws, 'docs', 'a.txt'));
  });

  it('follows a link whose target stays inside a workspace', async () => {
    assert.equal((await policy.resolveExisting('link-in')).real, path.join(ws, 'docs', 'a.txt'));
    assert.equal((await policy.resolveExisting('link-to-other-workspace')).workspace.root, other);
  });

  it('refuses a file link, a folder link and a relative link that lead outside', async () => {
    for (const name of [
      'file-link-out',
      'dir-link-out/secret.txt',
      'relative-link-out',
      'dir-link-out',
    ]) {
      const message = await refusedWith('outside_workspace', policy.resolveExisting(name));
      assert.doesNotMatch(message, /outside\/secret|\/outside/);
    }
  });

  it('refuses to create a file through a dangling link that points outside', async () => {
    await refusedWith('outside_workspace', policy.resolveForCreate('dangling-out'));
  });

  it('refuses to create a file inside a folder link that leads outside', async () => {
    await refusedWith('outside_workspace', policy.resolveForCreate('dir-link-out/new.txt'));
  });

  it('resolves a new file in an existing folder, and says it does not exist yet', async () => {
    const resolved = await policy.resolveForCreate('docs/new.txt');
    assert.equal(resolved.exists, false);
    assert.equal(resolved.real, path.join(ws, 'docs', 'new.txt'));
  });

  it('explains that the parent folder must exist first', async () => {
    assert.match(
      await refusedWith('not_found', policy.resolveForCreate('nope/new.txt')),
      /Create it first/,
    );
  });

  it('guards sensitive files by their own name and through a link with an innocent name', async () => {
    await refusedWith('guarded', policy.resolveExisting('.env'));
    await refusedWith('guarded', policy.resolveForCreate('.env'));
    await refusedWith('guarded', policy.resolveForCreate('.ssh/config'));
    await refusedWith('guarded', policy.resolveExisting('innocent-name'));
  });

  it('treats a link as itself when asked to move or delete it', async () => {
    const link = await policy.resolveLinkItself('file-link-out');
    assert.equal(link.real, path.join(ws, 'file-link-out'));
  });

  it('refuses writes to a read-only workspace with a way forward', async () => {
    const resolved = await policy.resolveExisting(path.join(other, 'c.txt'));
    assert.throws(
      () => policy.assertMayChange(resolved, 'c.txt'),
      (error: unknown) =>
        isPolicyError(error) && error.code === 'read_only' && /Ask the person/.test(error.message),
    );
  });

  it('says when a path does not exist, naming only what the agent sent', async () => {
    assert.match(
      await refusedWith('not_found', policy.resolveExisting('docs/missing.txt')),
      /"docs\/missing\.txt"/,
    );
  });

  it('strips control characters from the path it echoes back', async () => {
    const message = await refusedWith(
      'outside_workspace',
      policy.resolveExisting('/etc/\u001b[31mred\nline'),
    );
    assert.doesNotMatch(message, /[\u0000-\u001f]/);
  });
});

describe("the path policy's file access", () => {
  const ws = path.join(root, 'access-ws');

  /** Inline file access that notes each call it answers, as `operation path`. */
  function recordingAccess(calls: string[]): FileAccess {
    return {
      ...inlineFileAccess,
      realpath: (target) => (calls.push(`realpath ${target}`), inlineFileAccess.realpath(target)),
      lstat: (target) => (calls.push(`lstat ${target}`), inlineFileAccess.lstat(target)),
    };
  }

  async function policyOver(calls: string[]): Promise<PathPolicy> {
    const workspace = await openWorkspace(linuxPlatform, ws, 'write');
    return new PathPolicy(
      linuxPlatform,
      [workspace],
      defaultProtections(linuxPlatform),
      recordingAccess(calls),
    );
  }

  before(async () => {
    await mkdir(path.join(ws, 'docs'), { recursive: true });
    await writeFile(path.join(ws, 'docs', 'a.txt'), 'a');
    await symlink('docs/a.txt', path.join(ws, 'link-in'));
  });

  it('resolves an existing path, a path to create and a link itself through the same access', async () => {
    const calls: string[] = [];
    const policy = await policyOver(calls);
    await policy.resolveExisting('docs/a.txt');
    await policy.resolveForCreate('docs/new.txt');
    await policy.resolveForCreate('docs/a.txt');
    await policy.resolveForCreate('link-in');
    await policy.resolveLinkItself('link-in');
    await policy.resolveLinkItself('docs/a.txt');
    const docs = path.join(ws, 'docs');
    const link = path.join(ws, 'link-in');
    assert.deepEqual(calls, [
      `realpath ${docs}/a.txt`,
      `lstat ${docs}/new.txt`,
      `realpath ${docs}`,
      `lstat ${docs}/a.txt`,
      `realpath ${docs}/a.txt`,
      `lstat ${link}`,
      `realpath ${link}`,
      `lstat ${link}`,
      `realpath ${ws}`,
      `lstat ${docs}/a.txt`,
      `realpath ${docs}/a.txt`,
    ]);
  });

  it('keeps its access for a narrowed grant', async () => {
    const calls: string[] = [];
    const policy = await policyOver(calls);
    await policy.withWorkspaces(policy.workspaces).resolveForCreate('docs/new.txt');
    assert.equal(calls.length, 2);
  });
});
