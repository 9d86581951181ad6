import { z } from 'zod';
import { readTextInside, type LineWindow } from '../fs/read-text.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { pathArgument, readOnlyAnnotations } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

const lineCount = z.number().int().min(1).max(1_000_000);

export const readTextFile = defineTool({
  name: 'read_text_file',
  title: 'Read text file',
  description:
    'Read a UTF-8 text file. For part of it, give one of: head (first N lines), tail (last N), or offset (lines to skip) with length.',
  inputSchema: z.object({
    path: pathArgument,
    head: lineCount.optional(),
    tail: lineCount.optional(),
    offset: z.number().int().min(0).optional(),
    length: lineCount.optional(),
  }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async (input, { policy, limits }) => {
    const window = lineWindowOf(input);
    const resolved = await policy.resolveExisting(input.path);
    const { text, fileBytes } = await readTextInside(
      policy.guard,
      resolved,
      limits,
      window,
      policy.fileAccess,
    );
    return { text, data: { path: resolved.real, content: text, fileBytes } };
  },
});

function lineWindowOf(input: {
  head?: number;
  tail?: number;
  offset?: number;
  length?: number;
}): LineWindow {
  const chosen = [input.head, input.tail, input.offset ?? input.length].filter(
    (value) => value !== undefined,
  );
  if (chosen.length > 1) {
    throw new PolicyError(
      'invalid_argument',
      'Use only one of head, tail, or offset/length in one call.',
    );
  }
  if (input.head !== undefined) return { kind: 'head', lines: input.head };
  if (input.tail !== undefined) return { kind: 'tail', lines: input.tail };
  if (input.offset !== undefined || input.length !== undefined) {
    return { kind: 'range', offset: input.offset ?? 0, length: input.length ?? 1_000_000 };
  }
  return { kind: 'whole' };
}
