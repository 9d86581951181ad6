import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeGroups } from '../../../preload/contract/change-views.ts';
import { call, failureMessage, subscribe } from '../../app/airlock-api.ts';

/** New changes reach the list at most this often while agents work. */
const REFRESH_MS = 1000;
/** How many groups the section shows, newest first. */
const GROUPS_SHOWN = 50;

export interface ChangeGroupsState {
  readonly groups: ChangeGroups | undefined;
  readonly problem: string | undefined;
  /** Reads the groups again (after an undo). */
  refresh(): void;
}

/**
 * The changes by app and session, read again whenever the activity log grows (every change
 * and every undo writes a record), at most once a second.
 */
export function useChangeGroups(): ChangeGroupsState {
  const [groups, setGroups] = useState<ChangeGroups>();
  const [problem, setProblem] = useState<string>();
  // Each new reading is asked for by counting up; the newest answer alone is shown.
  const [reading, setReading] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    let current = true;
    call('listChangeGroups', { limit: GROUPS_SHOWN }).then(
      (answer) => {
        if (!current) return;
        setGroups(answer);
        setProblem(undefined);
      },
      (error: unknown) => current && setProblem(failureMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [reading]);

  const refresh = useCallback(() => setReading((count) => count + 1), []);

  useEffect(() => {
    const stop = subscribe('activityAdded', () => {
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        refresh();
      }, REFRESH_MS);
    });
    return () => {
      stop();
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [refresh]);

  return { groups, problem, refresh };
}
