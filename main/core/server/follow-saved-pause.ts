import type { AccessSwitch } from './access-switch.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import { followSavedSettings } from './follow-saved-settings.ts';

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
  return followSavedSettings(
    dataDir,
    '"Pause all access"',
    (settings) => {
      if (settings.access.paused) access.pause();
      else access.resume();
    },
    log,
    startRead,
  );
}
