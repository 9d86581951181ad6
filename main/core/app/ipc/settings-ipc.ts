import type { SettingsChannel } from '../../../../preload/ipc-channels.ts';
import {
  DEFAULT_LAUNCH_POINT_FAMILIES,
  DEFAULT_NESTED_LAUNCH_POINT_FAMILIES,
} from '../../policy/launch-points.ts';
import { LOWEST_CHOSEN_PORT, settingRanges } from '../../settings/setting-ranges.ts';
import { SettingsFileSchema } from '../../settings/settings-schema.ts';
import { AppError } from './app-error.ts';
import type { AirlockApp, UserSettingsPatch } from '../start-airlock-app.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export function settingsIpc(
  app: Pick<AirlockApp, 'settings' | 'updateSettings'>,
): ChannelImplementations<SettingsChannel> {
  return {
    getSettings: () => app.settings.settings,
    updateSettings: (patch) => app.updateSettings(checkedForWindow(patch)),
    getDefaultSettings: () => SettingsFileSchema.parse({}),
    getLaunchPointFamilies: () => launchPointFamilies(),
    getSettingRanges: () => settingRanges(),
  };
}

/** Names and places share their families' labels: each label once, in the policy's order. */
function launchPointFamilies(): string[] {
  const families = [...DEFAULT_LAUNCH_POINT_FAMILIES, ...DEFAULT_NESTED_LAUNCH_POINT_FAMILIES];
  return [...new Set(families.map((family) => family.label))];
}

/**
 * The store takes any port (0 picks a free one, for tests); from the window a person
 * chooses one they can open without administrator rights. The rest is the store's check.
 */
function checkedForWindow(patch: UserSettingsPatch): UserSettingsPatch {
  const port = patch.http?.port;
  if (port !== undefined && port < LOWEST_CHOSEN_PORT) {
    throw new AppError(
      'invalid_settings',
      `Choose a port from ${LOWEST_CHOSEN_PORT} to 65535: lower ports are kept for the system.`,
    );
  }
  return patch;
}
