import { z } from 'zod';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * How much change history keeps, so that an agent's changes can be undone. Each change's
 * before-state is kept up to these caps; past them the change still happens but cannot be
 * undone, and says why. There is no setting that turns history off.
 */
export const HistorySettingsSchema = z.object({
  /** A file larger than this is not kept. */
  maxFileBytes: z
    .number()
    .int()
    .min(1 * MiB)
    .max(64 * GiB)
    .default(256 * MiB),
  /** History as a whole (or less while the disk is nearly full); the oldest go first. */
  maxTotalBytes: z
    .number()
    .int()
    .min(64 * MiB)
    .max(4096 * GiB)
    .default(5 * GiB),
  /** Changes older than this are forgotten. */
  maxAgeDays: z.number().int().min(1).max(3650).default(30),
});

export type HistorySettings = z.infer<typeof HistorySettingsSchema>;
