import { z } from 'zod';

/** The port Airlock listens on when none is chosen: unassigned by IANA, easy to recognise. */
export const DEFAULT_HTTP_PORT = 47474;

/**
 * Limits of the loopback HTTP server, each a setting. They keep one client (or a web page
 * that guessed the port) from tying up the server: bodies, batches, slow headers, floods.
 */
export const HttpSettingsSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(DEFAULT_HTTP_PORT),
    /** Large enough for a full write_file within the write limit, with JSON escaping. */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(256 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    maxBatchMessages: z.number().int().min(1).max(1000).default(32),
    headersTimeoutMs: z.number().int().min(1000).max(120_000).default(10_000),
    requestTimeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
    /** Sustained requests per second per key, and the burst above it. */
    ratePerSecond: z.number().min(1).max(1_000_000).default(100),
    rateBurst: z.number().int().min(1).max(1_000_000).default(200),
    maxConcurrentPerKey: z.number().int().min(1).max(10_000).default(32),
    /** A 2025-era session with no request for this long is closed. */
    sessionIdleMs: z
      .number()
      .int()
      .min(10_000)
      .max(24 * 60 * 60 * 1000)
      .default(30 * 60 * 1000),
    maxSessions: z.number().int().min(1).max(100_000).default(256),
  })
  // node:http refuses to start when headers may take longer than the whole request.
  .refine((settings) => settings.requestTimeoutMs >= settings.headersTimeoutMs, {
    message: 'requestTimeoutMs must be at least headersTimeoutMs',
    path: ['requestTimeoutMs'],
  });
