import { z } from 'zod';

/**
 * How the audit log is kept. `fsync` trades speed for durability against power loss:
 * every record is always written before its call's result leaves (so it survives the
 * process being killed); "always" also forces it to the disk before that.
 */
export const AuditSettingsSchema = z.object({
  fsync: z.enum(['always', 'interval', 'never']).default('interval'),
  /** With "interval": at most this long between forced flushes. */
  fsyncIntervalMs: z.number().int().min(10).max(60_000).default(1000),
  rotateBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .max(10 * 1024 * 1024 * 1024)
    .default(64 * 1024 * 1024),
  rotateAgeDays: z
    .number()
    .min(1 / 24)
    .max(3650)
    .default(30),
  /** Rotated files whose newest record is older than this are deleted; younger ones never are. */
  retentionDays: z.number().min(1).max(36_500).default(365),
});
