import type { ConnectionChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';

export const connectionsContract = {} as const satisfies Record<ConnectionChannel, ChannelSchemas>;
