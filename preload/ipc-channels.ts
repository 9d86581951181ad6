/**
 * The IPC channel names, without their schemas, so the sandboxed preload needs no zod.
 * ipc-contract.ts maps each name to its schemas, and the type checker keeps the lists equal.
 */
export const INVOKE_CHANNELS = [
  'getStatus',
  'setPaused',
  'listWorkspaces',
  'addWorkspace',
  'removeWorkspace',
  'setWorkspaceAccess',
  'getSettings',
  'updateSettings',
] as const;

/** Events main sends to the window unasked. */
export const EVENT_CHANNELS = ['statusChanged'] as const;

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
