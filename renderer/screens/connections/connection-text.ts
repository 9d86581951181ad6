// Words the Connections section shows, kept apart from the markup.
import type { ResponseOf } from '../../../preload/ipc-contract.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

export type ClientList = ResponseOf<'listClients'>;
export type ClientView = ClientList['clients'][number];
export type ConnectResult = ResponseOf<'connectClient'>;
export type SnippetList = ResponseOf<'clientSnippet'>;
export type Snippet = SnippetList['snippets'][number];

/** Connected, not connected, or not found: the state a person looks for first. */
export function clientStateText(client: ClientView): string {
  if (client.entryDrift === 'gone') return 'Airlock was taken out';
  if (client.entryDrift === 'changed') return 'Changed by someone else';
  if (client.connected) return 'Connected';
  if (!client.installed) return 'Not found on this computer';
  return 'Not connected';
}

/**
 * What became of Airlock's entry, in plain words, and what Repair does; undefined when
 * the entry is as Airlock wrote it, or was never written.
 */
export function driftText(client: ClientView): string | undefined {
  switch (client.entryDrift) {
    case 'gone':
      return `${client.name} no longer lists Airlock. It may have rewritten its settings. Repair adds Airlock back, keeping a backup of the file.`;
    case 'changed':
      return `Someone else has changed Airlock’s entry in ${client.name}’s settings since Airlock wrote it, so ${client.name} may no longer reach Airlock. Repair writes it again, keeping a backup of the file.`;
    case null:
      return undefined;
  }
}

export function connectionText(client: ClientView): string {
  return client.connection === 'bridge'
    ? 'Starts Airlock itself, through a local connection on this computer.'
    : 'Connects to Airlock over HTTP on this computer, with a key of its own.';
}

export const ACCESS_OPTIONS: readonly {
  value: WorkspaceAccess;
  label: string;
  explanation: string;
}[] = [
  {
    value: 'read',
    label: 'Can read',
    explanation: 'The agent can open, list and search files. It cannot change anything.',
  },
  {
    value: 'write',
    label: 'Can read and change',
    explanation: 'The agent can also create, edit, move and delete files.',
  },
];

/** The folder's own name, the last part of its path; a drive keeps its path. */
export function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/**
 * The folders ticked when the Connect form opens: none, so the key reaches only what the
 * person ticks, or the one folder when only one is shared.
 */
export function firstChosenWorkspaces(workspaces: readonly { readonly path: string }[]): string[] {
  return workspaces.length === 1 ? workspaces.map((workspace) => workspace.path) : [];
}
