import { z } from 'zod';
import type { LineWindow } from '../fs/read-text.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { hiddenValuesNote } from '../secrets/hidden-summary.ts';
import { pathArgument, readOnlyAnnotations } from './common-schemas.ts';
import { readMaskedText } from './masked-read.ts';
import { defineTool } from './tool-kit.ts';

const lineCount = z.number().int().min(1).max(1_000_000);

export const readTextFile = defineTool({
  name: 'read_text_file',
  title: 'Read text file',
  description:
    'Read a UTF-8 text file; secrets in it show as placeholders. For part of it, give one of: head (first N lines), tail (last N), or offset (lines to skip) with length.',
  inputSchema: z.object({
    path: pathArgument,
    head: lineCount.optional(),
    tail: lineCount.optional(),
    offset: z.number().int().min(0).optional(),
    length: lineCount.optional(),
  }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async (input, context) => {
    const window = lineWindowOf(input);
    const resolved = await context.policy.resolveExisting(input.path);
    const { text, fileBytes, hidden } = await readMaskedText(context, resolved, window);
    return {
      text: withNote(text, hiddenValuesNote(hidden)),
      data: {
        path: resolved.real,
        content: text,
        fileBytes,
        ...(hidden.total > 0 ? { secretsHidden: hidden } : {}),
      },
    };
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

/** The file's text, then a note after a blank line, when there is one. */
export function withNote(text: string, note: string): string {
  if (note === '') return text;
  return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}\n${note}`;
}
