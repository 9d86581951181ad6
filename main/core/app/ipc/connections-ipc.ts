import type { ConnectionChannel } from '../../../../preload/ipc-channels.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export function connectionsIpc(): ChannelImplementations<ConnectionChannel> {
  return {};
}
