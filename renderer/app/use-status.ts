import { useEffect, useState } from 'react';
import { call, failureMessage, subscribe } from './airlock-api.ts';
import type { AppStatus } from './status-text.ts';

export interface StatusState {
  readonly status: AppStatus | undefined;
  /** Set when the first status could not be had. */
  readonly problem: string | undefined;
}

/** The app's status, first asked for, then kept current by main's statusChanged events. */
export function useStatus(): StatusState & { readonly setStatus: (status: AppStatus) => void } {
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
  return { status, problem, setStatus };
}
