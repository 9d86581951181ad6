import type { SettingRanges, Settings } from './setting-fields.ts';

/** What every settings group gets from the screen. */
export interface GroupProps {
  /** The settings as saved now. */
  readonly settings: Settings;
  /** Takes the settings a save answered with, so every group sees them. */
  readonly onSaved: (settings: Settings) => void;
}

export interface NumberGroupProps extends GroupProps {
  readonly ranges: SettingRanges;
}
