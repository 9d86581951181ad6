import { z } from 'zod';
import { AppStatusSchema } from './status-views.ts';
import type { StatusChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';

/** The header's view: running or paused, the transports, the clients connected now. */
export const statusContract = {
  getStatus: { request: z.undefined(), response: AppStatusSchema },
  /** The kill switch, the same one the tray's "Pause all access" flips. */
  setPaused: { request: z.strictObject({ paused: z.boolean() }), response: AppStatusSchema },
} as const satisfies Record<StatusChannel, ChannelSchemas>;
