import { useEffect, useState } from 'react';
import { call } from '../../app/airlock-api.ts';
import type { AppStatus } from '../../app/status-text.ts';

/**
 * Whether the first run shows: when no folder is shared and it was never finished or
 * skipped (main remembers that in the settings). Once it shows, it stays until the person
 * ends it, even after its second step has shared a folder.
 *
 * `show` is undefined while that cannot be told yet, so the window shows neither.
 */
export function useFirstRun(status: AppStatus | undefined) {
  const [done, setDone] = useState<boolean>();
  const [started, setStarted] = useState(false);

  useEffect(() => {
    let current = true;
    call('getFirstRun').then(
      (answer) => current && setDone(answer.done),
      // Asked again at the next opening; meanwhile the person may still skip it.
      () => current && setDone(false),
    );
    return () => {
      current = false;
    };
  }, []);

  const noWorkspace = status !== undefined && status.workspaces.length === 0;
  // Remembered from this render on: adding the first folder must not end the first run.
  if (noWorkspace && done === false && !started) setStarted(true);

  const finish = () => {
    setStarted(false);
    setDone(true);
    call('finishFirstRun').catch(() => undefined);
  };

  let show: boolean | undefined = false;
  if (started || (noWorkspace && done === false)) show = true;
  else if (noWorkspace && done === undefined) show = undefined;
  return { show, finish };
}
