import type { EventChannel } from '../../../../preload/ipc-channels.ts';
import type { EventPayloadOf } from '../../../../preload/ipc-contract.ts';
import type { ClientWatch } from '../connections/connections-watch.ts';
import type { AirlockApp } from '../start-airlock-app.ts';

export type SendIpcEvent = <E extends EventChannel>(event: E, payload: EventPayloadOf<E>) => void;

export interface IpcEventSources {
  readonly app: Pick<AirlockApp, 'onStatusChanged' | 'activity' | 'approvals'>;
  /** The Connections section's watch of apps' settings files, where there is a window. */
  readonly clients?: Pick<ClientWatch, 'onChanged'> | undefined;
}

/**
 * Forwards every event of the contract from the core to the window: the shell sends them
 * over IPC, the UI harness over its loopback bridge. Returns the function that stops it.
 */
export function forwardIpcEvents(sources: IpcEventSources, send: SendIpcEvent): () => void {
  const stops = [
    sources.app.onStatusChanged((status) => send('statusChanged', status)),
    sources.app.activity.onAdded((added) => send('activityAdded', added)),
    sources.app.approvals.onChange(() => send('approvalsChanged', sources.app.approvals.view())),
    sources.clients?.onChanged((client) => send('clientChanged', client)) ?? (() => undefined),
  ];
  return () => stops.forEach((stop) => stop());
}
