import { realpath } from 'node:fs/promises';
import { isInsideRoot } from '../../policy/containment.ts';
import { judgeFolder } from '../../policy/judge-folder.ts';
import type { PathPlatform } from '../../policy/platform.ts';
import type { KeyScope } from '../../keys/key-scope.ts';
import type { WorkspaceView } from '../../../../preload/contract/status-views.ts';
import type {
  WorkspaceDetails,
  WorkspaceViewer,
} from '../../../../preload/contract/workspace-views.ts';

/** A key as "who can see it" needs it: its name and scope, never its secret. */
export interface KeyReach {
  readonly name: string;
  readonly scope: KeyScope;
}

export interface DescribeWorkspacesOptions {
  readonly platform: PathPlatform;
  readonly home: string;
  readonly workspaces: readonly WorkspaceView[];
  readonly keys: readonly KeyReach[];
}

/**
 * Each shared folder with what the list shows beside it: whether sharing it is risky, and
 * who can see it. The local connection (the bridge) serves every shared folder; an HTTP
 * key sees a folder when its scope is every folder, the folder itself, a folder around
 * it, or a folder inside it (then only that part), as the HTTP server narrows its grant.
 */
export async function describeWorkspaces(
  options: DescribeWorkspacesOptions,
): Promise<WorkspaceDetails[]> {
  const { platform, home } = options;
  return Promise.all(
    options.workspaces.map(async (workspace) => {
      const root = await realpath(workspace.path).catch(() => workspace.path);
      const keys = options.keys.flatMap((key) => keyViewer(platform, root, workspace, key));
      return {
        ...workspace,
        risk: await judgeFolder(platform, workspace.path, home),
        visibleTo: [{ kind: 'local' } as const, ...keys],
      };
    }),
  );
}

function keyViewer(
  platform: PathPlatform,
  root: string,
  workspace: WorkspaceView,
  key: KeyReach,
): WorkspaceViewer[] {
  const { scope } = key;
  let reach: 'whole' | 'part' | undefined;
  if (scope.workspaces === 'all') reach = 'whole';
  else {
    for (const scoped of scope.workspaces) {
      if (isInsideRoot(platform, scoped, root)) reach = 'whole';
      else if (isInsideRoot(platform, root, scoped)) reach ??= 'part';
    }
  }
  if (reach === undefined) return [];
  const access = scope.access === 'write' && workspace.access === 'write' ? 'write' : 'read';
  return [{ kind: 'key', name: key.name, access, part: reach === 'part' }];
}
