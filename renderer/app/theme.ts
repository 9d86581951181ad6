import { useEffect } from 'react';
import type { ResponseOf } from '../../preload/ipc-contract.ts';
import { call } from './airlock-api.ts';

export type Theme = ResponseOf<'getSettings'>['app']['theme'];

/**
 * Marks <html data-theme> with the theme setting: styles.css lets "light" and "dark" win
 * over the OS's choice, and "system" follows the OS.
 */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** Applies the saved theme once, when the window opens; the Settings section does the rest. */
export function useSavedTheme(): void {
  useEffect(() => {
    call('getSettings').then(
      (settings) => applyTheme(settings.app.theme),
      // Not worth a message: the window keeps following the OS.
      () => undefined,
    );
  }, []);
}
