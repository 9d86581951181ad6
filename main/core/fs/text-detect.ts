/** How far into a file Airlock looks for a NUL byte before calling it text. */
export const SNIFF_BYTES = 8192;

/** Text files have no NUL bytes; nearly every binary format has one early on. */
export function looksBinary(sample: Uint8Array): boolean {
  return sample.subarray(0, SNIFF_BYTES).includes(0);
}
