import { useCallback, useEffect, useState } from 'react';
import { call, failureMessage, subscribe } from '../../app/airlock-api.ts';
import type { ApprovalsView } from './approval-words.ts';

const NONE: ApprovalsView = { pending: [], standing: [] };

export interface ApprovalsState {
  /** What waits now and the standing permissions, kept current by main's events. */
  readonly view: ApprovalsView;
  /** Why the list could not be had, in plain words. */
  readonly problem: string | undefined;
  /** Takes the view a call answered with (it is newer than any event before it). */
  readonly take: (view: ApprovalsView) => void;
}

/**
 * The changes waiting for the person's OK: subscribed first, then asked for, so a request
 * that comes in between is not missed; every approvalsChanged event replaces the view.
 */
export function useApprovals(): ApprovalsState {
  const [view, setView] = useState<ApprovalsView>(NONE);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let current = true;
    let heard = false;
    const stop = subscribe('approvalsChanged', (next) => {
      heard = true;
      if (current) setView(next);
    });
    call('listApprovals').then(
      (first) => current && !heard && setView(first),
      (error: unknown) => current && setProblem(failureMessage(error)),
    );
    return () => {
      current = false;
      stop();
    };
  }, []);
  const take = useCallback((next: ApprovalsView) => setView(next), []);
  return { view, problem, take };
}
