import { z } from 'zod';
import type { SettingsChannel } from '../ipc-channels.ts';
import type { ChannelSchemas } from './channel-schemas.ts';
import { SettingRangeSchema } from './setting-range.ts';
import { SettingsPatchSchema } from './settings-patch-schema.ts';
import { SettingsSchema } from './settings-schema.ts';

/** The kinds of file the default launch-point list covers, as a person would say them: "shell start-up files". */
const LaunchPointFamiliesSchema = z.array(z.string().min(1));

/** The Settings section: the saved settings, their defaults and the ranges of numbers. */
export const settingsContract = {
  getSettings: { request: z.undefined(), response: SettingsSchema },
  /** Any setting but the folders and the kill switch, which have channels of their own. */
  updateSettings: {
    request: SettingsPatchSchema.omit({ workspaces: true, access: true }),
    response: SettingsSchema,
  },
  /** What a fresh install has: "Restore the defaults" of both lists of names uses it. */
  getDefaultSettings: { request: z.undefined(), response: SettingsSchema },
  /** What the default launch-point list covers, in plain words, for the window to name. */
  getLaunchPointFamilies: { request: z.undefined(), response: LaunchPointFamiliesSchema },
  /** Each number setting's range by dotted key (`limits.maxReadBytes`), from the schemas. */
  getSettingRanges: {
    request: z.undefined(),
    response: z.record(z.string(), SettingRangeSchema),
  },
} as const satisfies Record<SettingsChannel, ChannelSchemas>;
