import type { DiagnosticsLog } from '../../log/diagnostics.ts';
import type { AccessSwitch } from '../../server/access-switch.ts';
import { followSavedPause } from '../../server/follow-saved-pause.ts';
import { pauseChange } from '../../settings/pause-change.ts';
import type { SettingsStore } from '../../settings/settings-store.ts';

/**
 * Keeps the app in step with a pause another process saved (`airlock pause` or `resume` in a
 * terminal): the app's switch flips, as the tray's would, and its settings take the saved
 * value without saving it again, so a later change in the window cannot write a stale
 * "not paused" back. The app's own saves come back here too: a value its settings already
 * hold changes nothing, and a read that began before a newer change of its settings is
 * dropped, so a quick pause and resume in the window is never undone by the first save's
 * echo.
 * Returns a function that stops following.
 */
export function followTerminalPause(
  dataDir: string,
  access: AccessSwitch,
  settings: SettingsStore,
  log: DiagnosticsLog,
): () => void {
  const follow = (paused: boolean) => {
    // The app's own save (or nothing new): its settings already say so.
    if (paused === settings.settings.access.paused) return;
    if (paused) access.pause();
    else access.resume();
    const { patch, reason } = pauseChange(paused);
    settings
      .adopt(patch, reason)
      .catch((error: unknown) => log.warn(`could not take the saved pause: ${String(error)}`));
  };
  let changes = 0;
  const stopCounting = settings.onChange(() => (changes += 1));
  const stopFollowing = followSavedPause(
    dataDir,
    { pause: () => follow(true), resume: () => follow(false) },
    log,
    () => {
      const at = changes;
      return () => changes === at;
    },
  );
  return () => {
    stopFollowing();
    stopCounting();
  };
}
