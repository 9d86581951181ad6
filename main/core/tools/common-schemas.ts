import { z } from 'zod';

/** One wording for "path" in every tool, so the agent learns the rule once. */
export const pathArgument = z
  .string()
  .min(1)
  .max(4096)
  .describe(
    'An absolute path inside one of the allowed directories, or a path relative to the first one. Call list_allowed_directories to see them.',
  );

export const pagingArguments = {
  offset: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Skip this many entries; use the nextOffset of a truncated answer.'),
  limit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Return at most this many entries (capped by Airlock).'),
};

export const readOnlyAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
} as const;

/** Applies offset/limit to a list and says how to fetch the rest. */
export function page<T>(
  items: readonly T[],
  offset: number | undefined,
  limit: number | undefined,
  cap: number,
) {
  const start = offset ?? 0;
  const size = Math.min(limit ?? cap, cap);
  const slice = items.slice(start, start + size);
  const remaining = Math.max(0, items.length - start - slice.length);
  return {
    slice,
    total: items.length,
    truncated: remaining > 0,
    nextOffset: remaining > 0 ? start + slice.length : undefined,
    remaining,
  };
}

export function truncationNote(remaining: number, nextOffset: number | undefined): string {
  return remaining > 0
    ? `\n… truncated, ${remaining} more. Call again with offset=${nextOffset} to see them.`
    : '';
}
