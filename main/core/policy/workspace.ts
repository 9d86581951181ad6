import { realpath, stat } from 'node:fs/promises';
import type { AirlockState } from './airlock-state.ts';
import { PolicyError } from './policy-error.ts';
import type { PathPlatform } from './platform.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';
import type { AskBefore } from '../../../preload/contract/approval-views.ts';

/** A folder the person granted, with its real path fixed when it was added. */
export interface Workspace {
  /** The real, absolute path: links resolved once, when the workspace is added. */
  readonly root: string;
  /** The path as the person gave it, when links made it differ from `root` (macOS /tmp). */
  readonly givenAs: string;
  readonly access: WorkspaceAccess;
  /** Which of an agent's changes wait for the person's OK here; none when absent. */
  readonly askBefore?: AskBefore;
  /**
   * Whether secrets inside this folder's files are masked in what agents read; on when
   * absent. Writes put placeholders back either way.
   */
  readonly maskSecrets?: boolean;
}

export async function openWorkspace(
  platform: PathPlatform,
  directory: string,
  access: WorkspaceAccess,
): Promise<Workspace> {
  if (!platform.path.isAbsolute(directory)) {
    throw new PolicyError('invalid_path', `A workspace must be an absolute path: "${directory}".`);
  }
  let root: string;
  try {
    root = await realpath(directory);
  } catch {
    throw new PolicyError('not_found', `The workspace folder "${directory}" does not exist.`);
  }
  if (!(await stat(root)).isDirectory()) {
    throw new PolicyError('not_a_directory', `The workspace "${directory}" is not a folder.`);
  }
  return {
    root,
    givenAs: platform.path.normalize(directory).replace(/[\\/]+$/, '') || root,
    access,
  };
}

/**
 * Opens a folder the person grants (on the command line, in the window or in the settings
 * file), refusing one that is, or lies inside, Airlock's own state: a grant there would let
 * an agent rewrite its own settings or erase the record of what it did.
 */
export async function openGrantedWorkspace(
  platform: PathPlatform,
  directory: string,
  access: WorkspaceAccess,
  airlockState: AirlockState,
): Promise<Workspace> {
  const workspace = await openWorkspace(platform, directory, access);
  if (airlockState.holds(workspace.root) || airlockState.holds(workspace.givenAs)) {
    throw new PolicyError(
      'airlock_state',
      `"${directory}" is Airlock's own data folder, or inside it, where Airlock keeps its settings, keys and activity log. Agents may never reach it: share another folder.`,
    );
  }
  return workspace;
}

export function isWritable(workspace: Workspace): boolean {
  return workspace.access === 'write';
}
