// Wall-clock timing with the monotonic high-resolution clock.
import { performance } from 'node:perf_hooks';

export interface Timed<T> {
  ms: number;
  value: T;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}
