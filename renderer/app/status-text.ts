// Words the header and the folders show, kept apart from the markup so they read as one place.
import type { ResponseOf } from '../../preload/ipc-contract.ts';

export type AppStatus = ResponseOf<'getStatus'>;
export type TransportStatus = AppStatus['transports'][number];
export type WorkspaceView = AppStatus['workspaces'][number];

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
  return count === 1 ? '1 client connected now.' : `${count} clients connected now.`;
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

export const ACCESS_LABELS = { read: 'Can read', write: 'Can read and change' } as const;
