import { watch } from 'node:fs';
import type { AccessSwitch } from './access-switch.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { readSettings, SETTINGS_FILE_NAME } from '../settings/read-settings.ts';

/**
 * Keeps a server started outside the app (a stdio client's own `airlock serve`) in step
 * with the person's "Pause all access", which the app saves in the shared settings file:
 * the pause reaches every transport, whoever started it. A settings file that cannot be
 * read leaves the switch as it is. Returns a function that stops following.
 *
 * `startRead`, when given, is asked as each read begins and returns whether its answer is
 * still current when it arrives: a process that saves the file itself (the app) must not
 * take back, from a read that began before its own newer save, a value it already replaced.
 */
export function followSavedPause(
  dataDir: string,
  access: Pick<AccessSwitch, 'pause' | 'resume'>,
  log: DiagnosticsLog,
  startRead: () => () => boolean = () => () => true,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reread = () => {
    const stillCurrent = startRead();
    readSettings(dataDir).then(
      (settings) => {
        if (!stillCurrent()) return;
        if (settings.access.paused) access.pause();
        else access.resume();
      },
      (error: unknown) =>
        log.warn(`could not re-read the settings for the pause: ${String(error)}`),
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
    log.warn(`cannot follow "Pause all access" from the app: ${String(error)}`);
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
