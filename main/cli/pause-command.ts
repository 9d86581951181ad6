import { chooseDataDir } from '../core/config/data-dir.ts';
import { ensurePrivateDataDir } from '../core/config/private-data-dir.ts';
import { pauseChange } from '../core/settings/pause-change.ts';
import { readSettings } from '../core/settings/read-settings.ts';
import { SettingsStore } from '../core/settings/settings-store.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { recordSettingsChange } from './record-settings-change.ts';

/**
 * `airlock pause` and `airlock resume`: the tray's kill switch, from a terminal. The saved
 * switch is what every Airlock process follows, so running servers stop (or start again)
 * serving within a moment, and the change is recorded as the tray records it.
 */
export async function pauseCommand(paused: boolean, args: readonly string[]): Promise<void> {
  const { values } = parseCommandArgs(args, { 'data-dir': { type: 'string' } });
  const dataDir = chooseDataDir(values['data-dir']);
  await ensurePrivateDataDir(dataDir);
  // As every command does, a damaged settings file is refused and left alone (the store
  // would set it aside and start from the defaults, as the app must).
  await readSettings(dataDir);
  const store = await SettingsStore.open(dataDir, (entry) =>
    recordSettingsChange(dataDir, entry.reason ?? '', entry.detail ?? {}),
  );
  const { patch, reason } = pauseChange(paused);
  const change = await store.update(patch, reason);
  process.stderr.write(`${describe(paused, change.keys.length > 0)}\n`);
}

function describe(paused: boolean, changed: boolean): string {
  if (!changed) return paused ? 'Access was already paused.' : 'Access was not paused.';
  return paused
    ? 'Access paused: every call from an agent is refused, on every transport and in servers already running, until "airlock resume" or Resume in the app.'
    : 'Access resumed: agents can reach the folders you share again.';
}
