import { createKeyScope, type KeyScope } from '../../keys/key-scope.ts';
import { isKeysError } from '../../keys/keys-error.ts';
import type { PathPlatform } from '../../policy/platform.ts';
import { AppError } from '../ipc/app-error.ts';
import type { WorkspaceView } from '../../../../preload/contract/status-views.ts';
import { keysMadeFor } from './connections-key.ts';
import type { KeyView } from '../../../../preload/contract/key-views.ts';
import type { WorkspaceAccess } from '../../../../preload/contract/vocabulary.ts';

export interface ChosenScope {
  readonly workspaces: string[];
  readonly access: WorkspaceAccess;
  /** The workspaces resolved to their real paths, as a key stores them. */
  readonly scope: KeyScope;
}

/**
 * What an HTTP app's key may reach: only folders shared now, and "read and change" only
 * where every chosen folder is shared that way (a key can never widen its folder's access,
 * so offering it elsewhere would only mislead).
 */
export async function chooseScope(
  shared: readonly WorkspaceView[],
  chosen: readonly string[] | undefined,
  access: WorkspaceAccess,
  platform: PathPlatform,
): Promise<ChosenScope> {
  if (shared.length === 0) {
    throw new AppError(
      'invalid_workspace',
      'No folder is shared yet. Add a folder the agent can use in Folders first, then connect the app.',
    );
  }
  const paths = [...new Set(chosen ?? [])];
  if (paths.length === 0)
    throw new AppError('invalid_workspace', 'Choose at least one folder the app can use.');
  for (const path of paths) {
    const workspace = shared.find((candidate) => candidate.path === path);
    if (!workspace) {
      throw new AppError(
        'invalid_workspace',
        `"${path}" is not one of the folders the agent can use. Share it in Folders first.`,
      );
    }
    if (access === 'write' && workspace.access === 'read') {
      throw new AppError(
        'invalid_workspace',
        `${path} is shared as "Can read" only, so an app cannot change files there. Choose "Can read", or change the folder to "Can read and change" in Folders first.`,
      );
    }
  }
  try {
    return { workspaces: paths, access, scope: await createKeyScope(paths, access, platform) };
  } catch (error) {
    if (isKeysError(error, 'invalid_scope')) throw new AppError('invalid_workspace', error.message);
    throw error;
  }
}

/**
 * What `airlock connect` lets a client's key reach: any folder that is there now, or every
 * workspace when none is named, as `airlock keys create` does; no running app needs to
 * have shared it. A folder that cannot be a workspace stays the keys' own error.
 */
export async function anyFolderScope(
  workspaces: readonly string[] | undefined,
  access: KeyScope['access'],
): Promise<ChosenScope> {
  const chosen = [...(workspaces ?? [])];
  return { workspaces: chosen, access, scope: await createKeyScope(chosen, access) };
}

/**
 * What a Repair gives an HTTP app again: the workspaces its key reaches that are still shared
 * (named as the Folders page names them; a key keeps real paths), and the key's access.
 */
export async function scopeOfClientKey(
  client: { readonly id: string; readonly name: string },
  keys: readonly KeyView[],
  shared: readonly WorkspaceView[],
  platform: PathPlatform,
): Promise<{ workspaces: string[]; access: WorkspaceAccess }> {
  const key = keysMadeFor(keys, client.id).at(-1);
  const workspaces = key ? await workspacesReached(key, shared, platform) : [];
  if (key === undefined || workspaces.length === 0) {
    throw new AppError(
      'not_found',
      `Airlock no longer has a key for ${client.name} that reaches a shared folder, so it cannot tell which folders to give it. Choose them with Change folders.`,
    );
  }
  return { workspaces, access: key.access };
}

async function workspacesReached(
  key: KeyView,
  shared: readonly WorkspaceView[],
  platform: PathPlatform,
): Promise<string[]> {
  if (key.workspaces === 'all') return shared.map((workspace) => workspace.path);
  const reached = new Set(key.workspaces);
  const workspaces: string[] = [];
  for (const workspace of shared) {
    const scope = await createKeyScope([workspace.path], 'read', platform).catch(() => undefined);
    const real = scope && scope.workspaces !== 'all' ? scope.workspaces : [];
    if (real.some((path) => reached.has(path))) workspaces.push(workspace.path);
  }
  return workspaces;
}
