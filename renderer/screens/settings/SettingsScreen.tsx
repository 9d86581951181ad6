import type { ScreenProps } from '../../app/screen-props.ts';

export function SettingsScreen(_props: ScreenProps) {
  return <h2>Settings</h2>;
}
