import { z } from 'zod';

/**
 * A path argument. The rule for paths is written once, in list_allowed_directories'
 * description, instead of once per argument: the same sentence on twenty arguments cost
 * about 500 tokens of every tools/list.
 */
export const pathArgument = z.string().min(1).max(4096);

/** Paging: a cut answer says which offset goes on, so the arguments need no words here. */
export const pagingArguments = {
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).optional(),
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

/** The note for Airlock's own entries left out of an answer; empty when there are none. */
export function airlockStateNote(count: number): string {
  return count > 0
    ? `\n(${count} item${count === 1 ? '' : 's'} belonging to Airlock itself not shown: no agent may see ${count === 1 ? 'it' : 'them'})`
    : '';
}

export function truncationNote(remaining: number, nextOffset: number | undefined): string {
  return remaining > 0 ? `\n… ${remaining} more: call again with offset=${nextOffset}.` : '';
}
