/**
 * The IPC channel names, without their schemas, so the sandboxed preload needs no zod.
 * Each area of the window has its list here and its schemas in preload/contract/; the
 * type checker keeps the two equal.
 */
export const STATUS_CHANNELS = ['getStatus', 'setPaused'] as const;
export const WORKSPACE_CHANNELS = [
  'listWorkspaces',
  'listWorkspaceDetails',
  'pickNewWorkspace',
  'addWorkspace',
  'removeWorkspace',
  'setWorkspaceAccess',
  'setWorkspaceAskBefore',
  'setWorkspaceMaskSecrets',
  'getFirstRun',
  'finishFirstRun',
] as const;
export const SETTINGS_CHANNELS = [
  'getSettings',
  'updateSettings',
  'getDefaultSettings',
  'getLaunchPointFamilies',
  'getSettingRanges',
] as const;
export const KEY_CHANNELS = ['listKeys', 'createKey', 'revokeKey', 'rotateKey'] as const;
export const ACTIVITY_CHANNELS = [
  'queryActivity',
  'activityFilters',
  'activityState',
  'verifyActivity',
  'exportActivity',
] as const;
export const CONNECTION_CHANNELS = [
  'listClients',
  'connectClient',
  'disconnectClient',
  'clientSnippet',
  'copyClientSnippet',
  'openCursorInstallLink',
  'openClaudeExtension',
  'repairClient',
  'watchClients',
  'unwatchClients',
] as const;

export const CHANGE_CHANNELS = [
  'listChangeGroups',
  'getChange',
  'previewUndo',
  'undoChange',
  'planGroupUndo',
  'undoGroup',
  'historyUsage',
  'emptyHistory',
] as const;

export const APPROVAL_CHANNELS = ['listApprovals', 'decideApproval', 'revokeAllow'] as const;

export const INVOKE_CHANNELS = [
  ...STATUS_CHANNELS,
  ...WORKSPACE_CHANNELS,
  ...SETTINGS_CHANNELS,
  ...KEY_CHANNELS,
  ...ACTIVITY_CHANNELS,
  ...CONNECTION_CHANNELS,
  ...CHANGE_CHANNELS,
  ...APPROVAL_CHANNELS,
] as const;

/** Events main sends to the window unasked. */
export const EVENT_CHANNELS = [
  'statusChanged',
  'activityAdded',
  'clientChanged',
  'approvalsChanged',
] as const;

export type StatusChannel = (typeof STATUS_CHANNELS)[number];
export type WorkspaceChannel = (typeof WORKSPACE_CHANNELS)[number];
export type SettingsChannel = (typeof SETTINGS_CHANNELS)[number];
export type KeyChannel = (typeof KEY_CHANNELS)[number];
export type ActivityChannel = (typeof ACTIVITY_CHANNELS)[number];
export type ConnectionChannel = (typeof CONNECTION_CHANNELS)[number];
export type ChangeChannel = (typeof CHANGE_CHANNELS)[number];
export type ApprovalChannel = (typeof APPROVAL_CHANNELS)[number];
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** The name on the wire: namespaced, so it cannot meet a channel of some library. */
export function wireChannel(name: InvokeChannel | EventChannel): string {
  return `airlock:${name}`;
}

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return (INVOKE_CHANNELS as readonly unknown[]).includes(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return (EVENT_CHANNELS as readonly unknown[]).includes(name);
}
