import type { ActivityChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';

export const activityContract = {} as const satisfies Record<ActivityChannel, ChannelSchemas>;
