import type { KeyChannel } from '../../../../preload/ipc-channels.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export function keysIpc(): ChannelImplementations<KeyChannel> {
  return {};
}
