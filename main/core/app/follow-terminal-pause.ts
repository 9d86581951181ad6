import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { AccessSwitch } from '../server/access-switch.ts';
import { followSavedPause } from '../settings/follow-saved-pause.ts';
import { pauseChange } from '../settings/pause-change.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

/**
 * Keeps the app in step with a pause another process saved (`airlock pause` or `resume` in a
 * terminal): the app's switch flips, as the tray's would, and its settings take the saved
 * value without saving it again, so a later change in the window cannot write a stale
 * "not paused" back. The app's own saves come back here too, and change nothing.
 * Returns a function that stops following.
 */
export function followTerminalPause(
  dataDir: string,
  access: AccessSwitch,
  settings: SettingsStore,
  log: DiagnosticsLog,
): () => void {
  const saved = new AccessSwitch();
  if (settings.settings.access.paused) saved.pause();
  saved.onChange((paused) => {
    if (paused) access.pause();
    else access.resume();
    const { patch, reason } = pauseChange(paused);
    settings
      .adopt(patch, reason)
      .catch((error: unknown) => log.warn(`could not take the saved pause: ${String(error)}`));
  });
  return followSavedPause(dataDir, saved, log);
}
