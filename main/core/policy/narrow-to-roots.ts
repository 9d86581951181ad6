import { realpath } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isInsideRoot } from './containment.ts';
import type { PathPolicy } from './path-policy.ts';
import type { Workspace } from './workspace.ts';

/**
 * The grant a client gets when it declares MCP roots: the overlap of its roots with the
 * workspaces, keeping each workspace's access. Roots can only narrow the grant: a root
 * outside every workspace adds nothing, and one that contains a workspace adds only that.
 * An empty list narrows nothing; roots that all miss the workspaces leave no access.
 */
export async function narrowToRoots(
  policy: PathPolicy,
  rootUris: readonly string[],
): Promise<PathPolicy> {
  // A client with no roots set has nothing to narrow to (the MCP Inspector sends none).
  if (rootUris.length === 0) return policy;
  const rootPaths: string[] = [];
  for (const uri of rootUris) {
    const rootPath = await realRootPath(uri, policy.platform.windowsSyntax);
    if (rootPath) rootPaths.push(rootPath);
  }
  return policy.withWorkspaces(overlapWorkspaces(policy, rootPaths));
}

/**
 * The workspaces that remain when a grant is limited to `realPaths`: a path inside a
 * workspace becomes a workspace of its own (same access); a path around a workspace keeps
 * just that workspace; a path outside every workspace adds nothing.
 */
export function overlapWorkspaces(policy: PathPolicy, realPaths: readonly string[]): Workspace[] {
  const narrowed = new Map<string, Workspace>();
  for (const rootPath of realPaths) {
    let holder: Workspace | undefined;
    for (const workspace of policy.workspaces) {
      if (isInsideRoot(policy.platform, workspace.root, rootPath)) {
        // The deepest workspace holding it governs it, as the policy places a path.
        if (!holder || workspace.root.length > holder.root.length) holder = workspace;
      } else if (isInsideRoot(policy.platform, rootPath, workspace.root)) {
        narrowed.set(workspace.root, workspace);
      }
    }
    // Everything the person set on the workspace holds below it: its access, and which
    // changes wait for their OK. Narrowing may only ever take away.
    if (holder) narrowed.set(rootPath, { ...holder, root: rootPath, givenAs: rootPath });
  }
  return [...narrowed.values()];
}

async function realRootPath(uri: string, windows: boolean): Promise<string | undefined> {
  try {
    const url = new URL(uri);
    if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) return undefined;
    return await realpath(fileURLToPath(url, { windows }));
  } catch {
    return undefined;
  }
}
