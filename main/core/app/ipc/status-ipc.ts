import type { StatusChannel } from '../../../../preload/ipc-channels.ts';
import type { AirlockApp } from '../start-airlock-app.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export function statusIpc(
  app: Pick<AirlockApp, 'status' | 'setPaused'>,
): ChannelImplementations<StatusChannel> {
  return {
    getStatus: () => app.status(),
    setPaused: ({ paused }) => app.setPaused(paused),
  };
}
