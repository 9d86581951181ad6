// Times two operations alternately (A B, B A, …) so drift and noise fall on both alike.
import { timed } from './timing.ts';

export interface PairedSamples {
  a: number[];
  b: number[];
}

export async function pairedSamples(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  warmup: number,
  count: number,
): Promise<PairedSamples> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const samples: PairedSamples = { a: [], b: [] };
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      samples.a.push((await timed(a)).ms);
      samples.b.push((await timed(b)).ms);
    } else {
      samples.b.push((await timed(b)).ms);
      samples.a.push((await timed(a)).ms);
    }
  }
  return samples;
}
