import { realpath } from 'node:fs/promises';
import { PolicyError } from '../../policy/policy-error.ts';
import { comparisonKey, type PathPlatform } from '../../policy/platform.ts';
import type { AirlockState } from '../../policy/airlock-state.ts';
import { openGrantedWorkspace } from '../../policy/workspace.ts';
import { AppError } from '../ipc/app-error.ts';
import {
  ASK_BEFORE_FOR_NEW_FOLDERS,
  type AskBefore,
} from '../../../../preload/contract/approval-views.ts';
import type { WorkspaceAccess } from '../../../../preload/contract/vocabulary.ts';

/** A workspace as the settings file keeps it. */
export interface WorkspaceEntry {
  readonly path: string;
  readonly access: WorkspaceAccess;
  readonly askBefore: AskBefore;
  /** Agents see placeholders instead of the passwords and keys inside its files. */
  readonly maskSecrets: boolean;
}

/**
 * The list after adding the folder the person picked; it asks before deleting, moving or
 * replacing, and hides the secrets inside its files, until the person chooses otherwise.
 * The folder must exist and be a folder now, must not be Airlock's own data folder or lie
 * inside it, and must not already be shared under another spelling or through a link.
 */
export async function withWorkspaceAdded(
  platform: PathPlatform,
  entries: readonly WorkspaceEntry[],
  chosen: string,
  access: WorkspaceAccess,
  airlockState: AirlockState,
): Promise<WorkspaceEntry[]> {
  let workspace;
  try {
    workspace = await openGrantedWorkspace(platform, chosen, access, airlockState);
  } catch (error) {
    if (error instanceof PolicyError) throw new AppError('invalid_workspace', error.message);
    throw error;
  }
  const key = comparisonKey(platform, workspace.root);
  for (const entry of entries) {
    const root = await realpath(entry.path).catch(() => entry.path);
    if (comparisonKey(platform, root) === key)
      throw new AppError('already_added', `"${entry.path}" is already shared with agents.`);
  }
  return [
    ...entries,
    { path: workspace.givenAs, access, askBefore: ASK_BEFORE_FOR_NEW_FOLDERS, maskSecrets: true },
  ];
}

export function withWorkspaceRemoved(
  entries: readonly WorkspaceEntry[],
  path: string,
): WorkspaceEntry[] {
  indexOf(entries, path);
  return entries.filter((entry) => entry.path !== path);
}

/** What the person may change of a shared workspace: everything but its path. */
export type WorkspaceChange = Partial<Omit<WorkspaceEntry, 'path'>>;

export function withWorkspaceChanged(
  entries: readonly WorkspaceEntry[],
  path: string,
  change: WorkspaceChange,
): WorkspaceEntry[] {
  indexOf(entries, path);
  return entries.map((entry) => (entry.path === path ? { ...entry, ...change } : entry));
}

/** Workspaces are named by the exact path the list shows, never matched loosely. */
function indexOf(entries: readonly WorkspaceEntry[], path: string): number {
  const index = entries.findIndex((entry) => entry.path === path);
  if (index === -1) throw new AppError('not_found', `"${path}" is not a shared folder.`);
  return index;
}
