import { z } from 'zod';

/**
 * Caps that keep one call from exhausting the client or the machine. Clients read stdio
 * into a 10 MiB buffer, so a response stays well under that.
 */
export const LimitsSchema = z.object({
  maxReadBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024),
  maxResponseBytes: z
    .number()
    .int()
    .min(4096)
    .max(8 * 1024 * 1024),
  maxEntries: z.number().int().min(10).max(1_000_000),
  maxTreeDepth: z.number().int().min(1).max(64),
  callTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(10 * 60 * 1000),
  maxWriteBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024),
});

export type Limits = z.infer<typeof LimitsSchema>;
