// Times two operations alternately (A B, B A, …) so drift and noise fall on both alike.
import { timed } from './timing.ts';

export interface PairedSamples {
  a: number[];
  b: number[];
}

export interface PairedOptions {
  /**
   * Run, untimed, after each operation: what one operation leaves running once it has
   * answered is let finish, so that it falls on neither sample.
   */
  readonly between?: () => Promise<unknown>;
}

export async function pairedSamples(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  warmup: number,
  count: number,
  options: PairedOptions = {},
): Promise<PairedSamples> {
  const between = options.between ?? (() => Promise.resolve());
  const sample = async (operation: () => Promise<unknown>): Promise<number> => {
    const { ms } = await timed(operation);
    await between();
    return ms;
  };
  for (let i = 0; i < warmup; i++) {
    await sample(a);
    await sample(b);
  }
  const samples: PairedSamples = { a: [], b: [] };
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      samples.a.push(await sample(a));
      samples.b.push(await sample(b));
    } else {
      samples.b.push(await sample(b));
      samples.a.push(await sample(a));
    }
  }
  return samples;
}
