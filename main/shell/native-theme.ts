import type { NativeTheme } from 'electron';
import type { Settings } from '../../preload/contract/settings-schema.ts';

export type ThemeSetting = Settings['app']['theme'];

/**
 * The theme setting, for the parts Electron draws (menus, dialogs, the title bar) and
 * for the page's prefers-color-scheme. "system" follows the OS again.
 */
export function applyNativeTheme(
  nativeTheme: Pick<NativeTheme, 'themeSource'>,
  theme: ThemeSetting,
): void {
  nativeTheme.themeSource = theme;
}
