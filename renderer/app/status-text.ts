// Words the header and the folders show, kept apart from the markup so they read as one place.
import type { ResponseOf } from '../../preload/ipc-contract.ts';
import type { WorkspaceAccess } from '../../preload/contract/vocabulary.ts';

export type AppStatus = ResponseOf<'getStatus'>;
export type TransportStatus = AppStatus['transports'][number];
export type WorkspaceView = AppStatus['workspaces'][number];
export type ConnectedClient = AppStatus['clients'][number];

export function accessStateText(status: AppStatus): string {
  return status.paused
    ? 'Paused. Agents cannot use any folder until you resume.'
    : 'Running. Agents can use the folders below, and nothing else.';
}

export function accessButtonText(paused: boolean): string {
  return paused ? 'Resume access' : 'Pause all access';
}

export function clientsText(count: number): string {
  if (count === 0) return 'No clients connected now.';
  return count === 1 ? '1 client connected now:' : `${count} clients connected now:`;
}

/** "Cursor 1.4" */
export function clientTitle(client: ConnectedClient): string {
  return client.version ? `${client.name} ${client.version}` : client.name;
}

/** "over HTTP with the key “cursor”, since 10:42" */
export function clientDetailText(client: ConnectedClient, now = new Date()): string {
  const how =
    client.transport === 'http'
      ? client.key
        ? `over HTTP with the key “${client.key}”`
        : 'over HTTP'
      : 'through the local connection';
  return `${how}, since ${sinceText(new Date(client.since), now)}`;
}

/** A time today ("10:42"), or a day and time before. */
export function sinceText(since: Date, now = new Date()): string {
  const time = since.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (since.toDateString() === now.toDateString()) return time;
  const day = since.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  return `${day}, ${time}`;
}

export function transportName(transport: TransportStatus['transport']): string {
  return transport === 'http'
    ? 'HTTP, for Cursor, VS Code and Claude Code'
    : 'Local connection, for Claude Desktop';
}

export function transportStateText(status: TransportStatus): string {
  if (status.state === 'listening') return status.address ?? 'Listening';
  return status.detail ?? (status.state === 'failed' ? 'Could not start.' : 'Off.');
}

export const ACCESS_LABELS: Readonly<Record<WorkspaceAccess, string>> = {
  read: 'Can read',
  write: 'Can read and change',
};
