import { z } from 'zod';
import { readTextInside } from '../fs/read-text.ts';
import { isPolicyError } from '../policy/policy-error.ts';
import { pathArgument, readOnlyAnnotations } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

export const readMultipleFiles = defineTool({
  name: 'read_multiple_files',
  title: 'Read multiple files',
  description:
    'Read up to 100 text files: each path, ":", its content; "---" between. A file that fails gets an error line.',
  inputSchema: z.object({ paths: z.array(pathArgument).min(1).max(100) }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ paths }, { policy, limits }) => {
    let budget = limits.maxReadBytes;
    const files: { path: string; resolvedPath?: string; content?: string; error?: string }[] = [];
    for (const raw of paths) {
      try {
        const resolved = await policy.resolveExisting(raw);
        const { text } = await readTextInside(
          policy.guard,
          resolved,
          { ...limits, maxReadBytes: budget },
          { kind: 'whole' },
          policy.fileAccess,
        );
        budget -= Buffer.byteLength(text);
        files.push({ path: raw, resolvedPath: resolved.real, content: text });
      } catch (error) {
        if (!isPolicyError(error)) throw error;
        files.push({ path: raw, error: error.message });
      }
    }
    const text = files
      .map((file) => `${file.path}:\n${file.error ? `Error - ${file.error}` : file.content}`)
      .join('\n---\n');
    return { text, data: { files } };
  },
});
