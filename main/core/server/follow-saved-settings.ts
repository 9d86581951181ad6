import { watch } from 'node:fs';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { readSettings, SETTINGS_FILE_NAME } from '../settings/read-settings.ts';
import type { Settings } from '../../../preload/contract/settings-schema.ts';

/**
 * Calls `onSettings` with the shared settings file each time it changes: a server started
 * outside the app (a stdio client's own `airlock serve`) follows what the person sets in
 * the window. A file that cannot be read is skipped, with a warning naming `what`. Returns
 * a function that stops following.
 *
 * `startRead`, when given, is asked as each read begins and returns whether its answer is
 * still current when it arrives: a process that saves the file itself (the app) must not
 * take back, from a read that began before its own newer save, a value it already replaced.
 */
export function followSavedSettings(
  dataDir: string,
  what: string,
  onSettings: (settings: Settings) => void,
  log: DiagnosticsLog,
  startRead: () => () => boolean = () => () => true,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reread = () => {
    const stillCurrent = startRead();
    readSettings(dataDir).then(
      (settings) => {
        if (stillCurrent()) onSettings(settings);
      },
      (error: unknown) => log.warn(`could not re-read the settings for ${what}: ${String(error)}`),
    );
  };
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    // The folder is watched, not the file: the app replaces the file by renaming over it.
    watcher = watch(dataDir, (_event, name) => {
      if (name !== SETTINGS_FILE_NAME) return;
      clearTimeout(timer);
      timer = setTimeout(reread, 50);
    });
    watcher.unref();
  } catch (error) {
    log.warn(`cannot follow ${what} from the app: ${String(error)}`);
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
