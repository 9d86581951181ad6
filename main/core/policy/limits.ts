import type { Limits } from '../../../preload/contract/limits-schema.ts';

/** The caps' schema is the contract's: the window shows and changes them in its settings. */
export type { Limits };

export const DEFAULT_LIMITS: Limits = {
  maxReadBytes: 4 * 1024 * 1024,
  maxResponseBytes: 6 * 1024 * 1024,
  maxEntries: 1000,
  maxTreeDepth: 8,
  callTimeoutMs: 30_000,
  maxWriteBytes: 4 * 1024 * 1024,
};
