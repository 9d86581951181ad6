import { useCallback, useEffect, useState } from 'react';
import { call, failureMessage, subscribe } from './airlock-api.ts';
import type { AppStatus } from './status-text.ts';
import { applyStatusUpdate, type StatusUpdate } from './status-update.ts';

export interface StatusState {
  readonly status: AppStatus | undefined;
  /** Set when the first status could not be had. */
  readonly problem: string | undefined;
}

/** The app's status, first asked for, then kept current by main's statusChanged events. */
export function useStatus(): StatusState & {
  readonly setStatus: (update: StatusUpdate) => void;
} {
  const [status, setStatus] = useState<AppStatus>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let current = true;
    const stop = subscribe('statusChanged', (next) => current && setStatus(next));
    call('getStatus').then(
      (first) => current && setStatus((known) => known ?? first),
      (error: unknown) => current && setProblem(failureMessage(error)),
    );
    return () => {
      current = false;
      stop();
    };
  }, []);
  const update = useCallback(
    (next: StatusUpdate) => setStatus((known) => applyStatusUpdate(known, next)),
    [],
  );
  return { status, problem, setStatus: update };
}
