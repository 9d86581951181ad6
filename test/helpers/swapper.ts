// A background loop, in a worker thread of the test process, that keeps swapping a path
// inside the workspace between a real entry and a link pointing outside, as fast as it
// can, until stopped. Used by the symlink-swap race attack.
import { renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

export type SwapJob =
  | {
      /** Recreate both entries each round and rename them over `target` (files only). */
      readonly mode: 'recreate';
      readonly target: string;
      readonly content: string;
      readonly linkTo: string;
      readonly scratch: string;
    }
  | {
      /** Rotate two existing entries (e.g. a folder and a link) through `target`. */
      readonly mode: 'rotate';
      readonly target: string;
      readonly spare: string;
      readonly scratch: string;
    };

interface Envelope {
  readonly kind: 'airlock-swapper';
  readonly job: SwapJob;
  readonly stop: SharedArrayBuffer;
}

function swapOnce(job: SwapJob, round: number): void {
  if (job.mode === 'recreate') {
    const file = `${job.scratch}.f${round}`;
    const link = `${job.scratch}.l${round}`;
    writeFileSync(file, job.content);
    renameSync(file, job.target);
    symlinkSync(job.linkTo, link);
    renameSync(link, job.target);
  } else {
    renameSync(job.target, job.scratch);
    renameSync(job.spare, job.target);
    renameSync(job.scratch, job.spare);
  }
}

if (!isMainThread && (workerData as Envelope | undefined)?.kind === 'airlock-swapper') {
  const { job, stop } = workerData as Envelope;
  const flag = new Int32Array(stop);
  let swaps = 0;
  let failures = 0;
  while (Atomics.load(flag, 0) === 0) {
    try {
      swapOnce(job, swaps + failures);
      swaps++;
      if (swaps === 1) parentPort?.postMessage('running');
    } catch {
      failures++;
    }
  }
  parentPort?.postMessage({ swaps, failures });
}

export interface SwapCount {
  readonly swaps: number;
  readonly failures: number;
}

export interface Swapper {
  /** Stops the loop; resolves with how many rounds it made. */
  stop(): Promise<SwapCount>;
}

/** Starts the loop and resolves once it is swapping, so the race is live from the first call. */
export async function startSwapper(job: SwapJob): Promise<Swapper> {
  const stop = new SharedArrayBuffer(4);
  const envelope: Envelope = { kind: 'airlock-swapper', job, stop };
  const worker = new Worker(new URL(import.meta.url), { workerData: envelope });
  let running: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (running = resolve));
  const done = new Promise<SwapCount>((resolve, reject) => {
    worker.on('message', (message: 'running' | SwapCount) => {
      if (message === 'running') running();
      else resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`swapper exited early (${code})`)));
  });
  done.catch(() => undefined); // reported by stop()
  await Promise.race([started, done]);
  return {
    async stop() {
      Atomics.store(new Int32Array(stop), 0, 1);
      const count = await done;
      await worker.terminate();
      return count;
    },
  };
}
