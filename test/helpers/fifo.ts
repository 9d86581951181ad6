// Named pipes (FIFOs) for the tests that prove nothing waits on one. Opening a FIFO to read
// blocks until something opens it to write; a test that fails that way must still end.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

/** Makes a FIFO at `file` and returns its path. */
export function makeFifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}

/** Gives every reader stuck in open() on the FIFO its writer, so a blocked thread goes free. */
export function releaseFifo(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: no reader is waiting on it.
  }
}

/**
 * `work`'s outcome, or a failure once `ms` have passed without one; either way, the FIFOs
 * are released afterwards, so work stuck on one settles and the test process can end.
 */
export async function settlesWithin<T>(
  work: Promise<T>,
  ms: number,
  fifos: readonly string[],
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    fifos.forEach(releaseFifo);
    // A reader freed by the release must not fail the test as an unhandled rejection.
    work.catch(() => undefined);
  }
}
