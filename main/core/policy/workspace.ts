import { realpath, stat } from 'node:fs/promises';
import { PolicyError } from './policy-error.ts';
import type { PathPlatform } from './platform.ts';

export type WorkspaceAccess = 'read' | 'write';

/** A folder the person granted, with its real path fixed when it was added. */
export interface Workspace {
  /** The real, absolute path: links resolved once, when the workspace is added. */
  readonly root: string;
  /** The path as the person gave it, when links made it differ from `root` (macOS /tmp). */
  readonly givenAs: string;
  readonly access: WorkspaceAccess;
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

export function isWritable(workspace: Workspace): boolean {
  return workspace.access === 'write';
}
