// Words the Folders section and the first run show, kept apart from the markup.
import type { ResponseOf } from '../../../preload/ipc-contract.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

export type WorkspacesOverview = ResponseOf<'listWorkspaceDetails'>;
export type WorkspaceDetails = WorkspacesOverview['workspaces'][number];
export type WorkspaceViewer = WorkspaceDetails['visibleTo'][number];
export type WorkspaceChoice = NonNullable<ResponseOf<'pickNewWorkspace'>>;
export type WorkspaceRisk = NonNullable<WorkspaceChoice['risk']>;

/** The two choices when a folder is shared, with what each lets an agent do. */
export const ACCESS_CHOICES: readonly {
  value: WorkspaceAccess;
  label: string;
  explanation: string;
}[] = [
  {
    value: 'read',
    label: 'Read only',
    explanation: 'Agents can open, list and search the files. They cannot change anything.',
  },
  {
    value: 'write',
    label: 'Read and change',
    explanation:
      'Agents can also create, edit, move and delete files. Every change is written to Activity.',
  },
];

/** The folder's own name, the last part of its path ("Project notes"); a drive keeps its path. */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? path;
}

export function viewerText(viewer: WorkspaceViewer): string {
  if (viewer.kind === 'local') return 'Apps connected on this computer';
  const access = viewer.access === 'write' ? 'can read and change' : 'can read';
  const where = viewer.part ? ' one folder inside it' : '';
  return `Key “${viewer.name}”: ${access}${where}`;
}

export function sharedText(path: string, access: WorkspaceAccess): string {
  return access === 'write'
    ? `“${path}” is shared. Agents can read and change its files.`
    : `“${path}” is shared. Agents can read its files.`;
}
