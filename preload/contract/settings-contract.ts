import { SettingsPatchSchema } from '../../main/core/settings/settings-patch.ts';
import { SettingsSchema } from '../../main/core/settings/settings-schema.ts';
import { z } from 'zod';
import type { SettingsChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';

export const settingsContract = {
  getSettings: { request: z.undefined(), response: SettingsSchema },
  /** Any setting but the folders and the kill switch, which have channels of their own. */
  updateSettings: {
    request: SettingsPatchSchema.omit({ workspaces: true, access: true }),
    response: SettingsSchema,
  },
} as const satisfies Record<SettingsChannel, ChannelSchemas>;
