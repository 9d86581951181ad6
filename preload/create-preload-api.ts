import type { IpcRenderer } from 'electron';
import type { AirlockApi } from './airlock-api.ts';
import { isEventChannel, isInvokeChannel, wireChannel } from './ipc-channels.ts';

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * The API the preload exposes. It reaches only the contract's channels, and a listener
 * gets the payload alone: never the IPC event, whose `sender` would hand the page
 * ipcRenderer itself.
 */
export function createPreloadApi(ipc: PreloadIpc): AirlockApi {
  return {
    invoke(channel, ...request) {
      if (!isInvokeChannel(channel)) {
        return Promise.resolve({
          ok: false,
          error: {
            code: 'invalid_request',
            message: `"${String(channel)}" is not an Airlock channel.`,
          },
        });
      }
      return ipc.invoke(wireChannel(channel), ...request);
    },
    subscribe(event, listener) {
      if (!isEventChannel(event)) throw new Error(`"${String(event)}" is not an Airlock event.`);
      const forward = (_event: unknown, payload: unknown) => listener(payload as never);
      ipc.on(wireChannel(event), forward);
      return () => void ipc.removeListener(wireChannel(event), forward);
    },
  };
}
