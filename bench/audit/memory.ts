// Memory of one structure: heap plus external (Node counts ArrayBuffers, so typed arrays,
// inside `external`; adding `arrayBuffers` again would count them twice), after full GCs.
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface MemorySample {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

export const canCollect = gc !== undefined;

/** Collects garbage (when run with --expose-gc) until the heap stops shrinking, then samples. */
export async function settledMemory(): Promise<MemorySample> {
  if (gc) {
    let previous = Infinity;
    for (let i = 0; i < 6; i++) {
      gc();
      await nextTurn();
      const used = process.memoryUsage().heapUsed + process.memoryUsage().external;
      if (used >= previous - 64 * 1024) break;
      previous = used;
    }
  }
  const usage = process.memoryUsage();
  return {
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    rss: usage.rss,
  };
}

export interface MemoryDelta {
  /** heapUsed + external. */
  total: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

export function memoryDelta(before: MemorySample, after: MemorySample): MemoryDelta {
  const heapUsed = after.heapUsed - before.heapUsed;
  const external = after.external - before.external;
  return {
    total: heapUsed + external,
    heapUsed,
    external,
    arrayBuffers: after.arrayBuffers - before.arrayBuffers,
    rss: after.rss - before.rss,
  };
}
