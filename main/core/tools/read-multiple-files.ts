import { z } from 'zod';
import { isPolicyError } from '../policy/policy-error.ts';
import { hiddenValuesNote, type HiddenCounts } from '../secrets/hidden-summary.ts';
import { pathArgument, readOnlyAnnotations } from './common-schemas.ts';
import { readMaskedText } from './masked-read.ts';
import { withNote } from './read-text-file.ts';
import { defineTool } from './tool-kit.ts';

export const readMultipleFiles = defineTool({
  name: 'read_multiple_files',
  title: 'Read multiple files',
  description:
    'Read up to 100 text files: each path, ":", its content; "---" between. A file that fails gets an error line.',
  inputSchema: z.object({ paths: z.array(pathArgument).min(1).max(100) }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ paths }, { policy, limits, secrets }) => {
    let budget = limits.maxReadBytes;
    const hidden: HiddenCounts[] = [];
    const files: { path: string; resolvedPath?: string; content?: string; error?: string }[] = [];
    for (const raw of paths) {
      try {
        const resolved = await policy.resolveExisting(raw);
        const read = await readMaskedText(
          { policy, limits: { ...limits, maxReadBytes: budget }, secrets },
          resolved,
          { kind: 'whole' },
        );
        const { text } = read;
        budget -= read.fileBytes;
        hidden.push(read.hidden);
        files.push({ path: raw, resolvedPath: resolved.real, content: text });
      } catch (error) {
        if (!isPolicyError(error)) throw error;
        files.push({ path: raw, error: error.message });
      }
    }
    const text = files
      .map((file) => `${file.path}:\n${file.error ? `Error - ${file.error}` : file.content}`)
      .join('\n---\n');
    const counts = sumHidden(hidden);
    return {
      text: withNote(text, hiddenValuesNote(counts)),
      data: { files, ...(counts.total > 0 ? { secretsHidden: counts } : {}) },
    };
  },
});

/** The hidden values of several files, counted together by kind. */
function sumHidden(all: readonly HiddenCounts[]): HiddenCounts {
  const byKind = new Map<string, HiddenCounts['byKind'][number]>();
  for (const counts of all) {
    for (const entry of counts.byKind) {
      const seen = byKind.get(entry.kind);
      byKind.set(entry.kind, { ...entry, count: (seen?.count ?? 0) + entry.count });
    }
  }
  return {
    total: all.reduce((sum, counts) => sum + counts.total, 0),
    byKind: [...byKind.values()],
  };
}
