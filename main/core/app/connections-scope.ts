import { createKeyScope, type KeyScope } from '../keys/key-scope.ts';
import { isKeysError } from '../keys/keys-error.ts';
import type { PathPlatform } from '../policy/platform.ts';
import { AppError } from './app-error.ts';
import type { WorkspaceView } from './app-status.ts';

export interface ChosenScope {
  readonly folders: string[];
  readonly access: 'read' | 'write';
  /** The folders resolved to their real paths, as a key stores them. */
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
  access: 'read' | 'write',
  platform: PathPlatform,
): Promise<ChosenScope> {
  if (shared.length === 0) {
    throw new AppError(
      'invalid_folder',
      'No folder is shared yet. Add a folder the agent can use in Folders first, then connect the app.',
    );
  }
  const folders = [...new Set(chosen ?? [])];
  if (folders.length === 0)
    throw new AppError('invalid_folder', 'Choose at least one folder the app can use.');
  for (const folder of folders) {
    const workspace = shared.find((candidate) => candidate.path === folder);
    if (!workspace) {
      throw new AppError(
        'invalid_folder',
        `"${folder}" is not one of the folders the agent can use. Share it in Folders first.`,
      );
    }
    if (access === 'write' && workspace.access === 'read') {
      throw new AppError(
        'invalid_folder',
        `${folder} is shared as "Can read" only, so an app cannot change files there. Choose "Can read", or change the folder to "Can read and change" in Folders first.`,
      );
    }
  }
  try {
    return { folders, access, scope: await createKeyScope(folders, access, platform) };
  } catch (error) {
    if (isKeysError(error, 'invalid_scope')) throw new AppError('invalid_folder', error.message);
    throw error;
  }
}
