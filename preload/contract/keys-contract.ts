import type { KeyChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';

export const keysContract = {} as const satisfies Record<KeyChannel, ChannelSchemas>;
