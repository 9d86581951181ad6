// Words the Folders section and the first run show, kept apart from the markup.
import type { ResponseOf } from '../../../preload/ipc-contract.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';
import type { AskBefore } from '../../../preload/contract/approval-views.ts';

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
      'Agents can also create, edit, move and delete files. They ask you before deleting, moving or replacing a file. Every change is written to Activity.',
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
    ? `“${path}” is shared. Agents can read and change its files, and ask you before deleting, moving or replacing one.`
    : `“${path}” is shared. Agents can read its files.`;
}

/** "Ask me first": which of an agent's changes in a folder wait for the person's OK. */
export const ASK_BEFORE_LABELS: Readonly<Record<AskBefore, string>> = {
  nothing: 'Agents may change files without asking',
  replacing: 'Ask me before deleting, moving or replacing a file',
  'every-change': 'Ask me before every change',
};

/** The order the choice lists them in: from the freest to the most careful. */
export const ASK_BEFORE_ORDER: readonly AskBefore[] = ['nothing', 'replacing', 'every-change'];

/** Said once the choice is saved. */
export function askBeforeSavedText(path: string, askBefore: AskBefore): string {
  switch (askBefore) {
    case 'nothing':
      return `Agents may now change files in “${path}” without asking you.`;
    case 'replacing':
      return `Agents now ask you before deleting, moving or replacing a file in “${path}”.`;
    case 'every-change':
      return `Agents now ask you before every change in “${path}”.`;
  }
}

/** Hiding the secrets inside a folder's files: what the switch does, and what it cannot. */
export const MASK_SECRETS_WORDS = {
  label: 'Hide passwords and keys inside files from agents',
  help: 'Agents see a placeholder instead of each key, token or web-address password that Airlock recognizes, and when an agent saves the file, Airlock puts the real value back. A password written as ordinary text, such as “password: sunshine” in your notes, is not recognized.',
  off: 'Off: agents read the passwords and keys inside these files as they are.',
} as const;

/** Said once the switch is saved. */
export function maskSecretsSavedText(path: string, maskSecrets: boolean): string {
  return maskSecrets
    ? `Agents now see placeholders instead of the passwords and keys inside files in “${path}”.`
    : `Agents can now read the passwords and keys inside files in “${path}”.`;
}
