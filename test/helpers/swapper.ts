// A background loop, in a worker thread of the test process, that keeps swapping a path
// inside the workspace between two things (a real entry and a link pointing outside, two
// files, a file and a pipe) as fast as it can, until stopped. Used by the race attacks.
import { linkSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
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
    }
  | {
      /**
       * Puts each of `sources` at `target` in turn, by a hard link renamed over it, so
       * something is always at `target` and every source keeps its own content.
       */
      readonly mode: 'relink';
      readonly target: string;
      readonly sources: readonly string[];
      readonly scratch: string;
      /**
       * How long each source stays in place. A file swapped out at once is seldom still
       * named when a reader proves what it opened, so a reader that is slow to prove it
       * (through the thread pool) would almost never meet either file.
       */
      readonly holdMs?: number;
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
  } else if (job.mode === 'relink') {
    const source = job.sources[round % job.sources.length] as string;
    const scratch = `${job.scratch}.${round}`;
    linkSync(source, scratch);
    renameSync(scratch, job.target);
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
    if (job.mode === 'relink' && job.holdMs) Atomics.wait(flag, 0, 0, job.holdMs);
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
