import type { ActivityChannel } from '../../../../preload/ipc-channels.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export function activityIpc(): ChannelImplementations<ActivityChannel> {
  return {};
}
