import type { SettingsChannel } from '../../../../preload/ipc-channels.ts';
import type { AirlockApp } from '../start-airlock-app.ts';
import type { ChannelImplementations } from './channel-implementation.ts';

export function settingsIpc(
  app: Pick<AirlockApp, 'settings' | 'updateSettings'>,
): ChannelImplementations<SettingsChannel> {
  return {
    getSettings: () => app.settings.settings,
    updateSettings: (patch) => app.updateSettings(patch),
  };
}
