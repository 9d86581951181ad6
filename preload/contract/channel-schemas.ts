import type { z } from 'zod';

/** One invoke channel of the contract: what the window sends, and what main answers. */
export interface ChannelSchemas {
  readonly request: z.ZodType;
  readonly response: z.ZodType;
}

/** A channel without a request sends nothing: main checks that it got nothing. */
export type NoRequest = z.ZodUndefined;
