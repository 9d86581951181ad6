import { PolicyError } from '../policy/policy-error.ts';

/** The signal a tool call runs under: aborted by the client's cancel or by the time limit. */
export interface CallDeadline {
  readonly signal: AbortSignal;
  /** Stops the timer; call once the work is over. */
  dispose(): void;
}

// One controller and one timer per call: AbortSignal.any/timeout cost several times more,
// and this runs on every call.
export function startCallDeadline(requestSignal: AbortSignal, timeoutMs: number): CallDeadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new PolicyError(
          'timeout',
          `The call took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Narrow it down and try again.`,
        ),
      ),
    timeoutMs,
  );
  const onCancel = () => controller.abort(new PolicyError('timeout', 'The call was cancelled.'));
  if (requestSignal.aborted) onCancel();
  else requestSignal.addEventListener('abort', onCancel, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      requestSignal.removeEventListener('abort', onCancel);
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
