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

/** Entries of Airlock's own state left out of an answer: said, so the count adds up. */
export const hiddenAirlockStateField = z
  .number()
  .optional()
  .describe("Entries that are Airlock's own files, left out: no agent may see them.");

/** The note for Airlock's own entries left out of an answer; empty when there are none. */
export function airlockStateNote(count: number): string {
  return count > 0
    ? `\n(${count} item${count === 1 ? '' : 's'} belonging to Airlock itself not shown: no agent may see ${count === 1 ? 'it' : 'them'})`
    : '';
}

export function truncationNote(remaining: number, nextOffset: number | undefined): string {
  return remaining > 0
    ? `\n… truncated, ${remaining} more. Call again with offset=${nextOffset} to see them.`
    : '';
}
