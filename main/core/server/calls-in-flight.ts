/**
 * The tool calls under way in one core, counted from their start to their audit record.
 * Stopping the servers (a restart after a settings change, the app quitting) and pausing all
 * access wait for them, for a bounded time, so that a call cut short by either is still
 * recorded, and answered where its connection is still there to take the answer.
 */
/** How long a pause lets the calls under way be answered before it drops the connections. */
export const PAUSE_DRAIN_MS = 1000;

/**
 * A call leaves once it is recorded, just before its answer is handed to the SDK to send;
 * the connection is closed this long after, so the answer is on its way first.
 */
const ANSWER_SEND_MS = 100;

/** Settles once the calls under way are answered (see PAUSE_DRAIN_MS), for a pause to close. */
export async function answeredBeforeClosing(calls: CallsInFlight | undefined): Promise<void> {
  if (!calls || calls.count === 0) return;
  await calls.drained(PAUSE_DRAIN_MS);
  await new Promise((resolve) => setTimeout(resolve, ANSWER_SEND_MS).unref());
}

export class CallsInFlight {
  #count = 0;
  #idle: Array<() => void> = [];

  /** A call started. */
  enter(): void {
    this.#count += 1;
  }

  /** A call that entered is recorded (and about to be answered). */
  leave(): void {
    if (this.#count === 0) return;
    this.#count -= 1;
    if (this.#count === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  get count(): number {
    return this.#count;
  }

  /** Settles once no call is under way, or after `timeoutMs`, whichever comes first. */
  drained(timeoutMs: number): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      const idle = this.#idle;
      function done(): void {
        clearTimeout(timer);
        const at = idle.indexOf(done);
        if (at !== -1) idle.splice(at, 1);
        resolve();
      }
      idle.push(done);
    });
  }
}
