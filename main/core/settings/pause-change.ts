import type { SettingsPatch } from '../../../preload/contract/settings-patch-schema.ts';

/**
 * "Pause all access" as a settings change: the same patch and the same audit reason whether
 * the tray switch or `airlock pause` flips it, so the activity log tells them apart only by
 * transport (`app` or `cli`). Every process follows the saved value (see followSavedPause).
 */
export function pauseChange(paused: boolean): {
  readonly patch: SettingsPatch;
  readonly reason: string;
} {
  return {
    patch: { access: { paused } },
    reason: paused ? 'Access paused in Airlock' : 'Access resumed in Airlock',
  };
}
