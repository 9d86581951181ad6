import { PolicyError } from '../policy/policy-error.ts';

/** The signal a tool call runs under: aborted by the client's cancel or by the time limit. */
export interface CallDeadline {
  readonly signal: AbortSignal;
  /** Stops the timer; call once the work is over. */
  dispose(): void;
  /**
   * Runs `work` with the time limit stopped, and restarts it with what was left: the time a
   * call waits for the person's OK is theirs, bounded by its own wait, not the call's. The
   * client's cancel still ends it.
   */
  paused<T>(work: Promise<T>): Promise<T>;
}

// One controller and one timer per call: AbortSignal.any/timeout cost several times more,
// and this runs on every call.
export function startCallDeadline(requestSignal: AbortSignal, timeoutMs: number): CallDeadline {
  const controller = new AbortController();
  const expire = () =>
    controller.abort(
      new PolicyError(
        'timeout',
        `The call took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Narrow it down and try again.`,
      ),
    );
  let endsAt = performance.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined = setTimeout(expire, timeoutMs);
  const onCancel = () => controller.abort(new PolicyError('timeout', 'The call was cancelled.'));
  if (requestSignal.aborted) onCancel();
  else requestSignal.addEventListener('abort', onCancel, { once: true });
  let disposed = false;
  return {
    signal: controller.signal,
    dispose() {
      disposed = true;
      clearTimeout(timer);
      requestSignal.removeEventListener('abort', onCancel);
    },
    async paused<T>(work: Promise<T>): Promise<T> {
      clearTimeout(timer);
      const left = Math.max(0, endsAt - performance.now());
      try {
        return await work;
      } finally {
        if (!disposed && !controller.signal.aborted) {
          endsAt = performance.now() + left;
          timer = setTimeout(expire, left);
        }
      }
    },
  };
}

/** Settles with `work`, or rejects with the deadline's reason as soon as it is aborted. */
export function raceDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The work runs on; its own failure must not surface as an unhandled rejection.
    work.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
