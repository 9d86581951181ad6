import { z } from 'zod';
import { writeFileAtomically } from '../fs/atomic-write.ts';
import { readTextInside } from '../fs/read-text.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { applyEdits } from './apply-edits.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';
import { unifiedDiff } from './unified-diff.ts';

export const editFile = defineTool({
  name: 'edit_file',
  title: 'Edit file',
  description:
    'Replace exact text in a file. Each oldText must match the file exactly and only once (or set replaceAll). Edits apply in order. With dryRun: true, nothing changes and you get the diff. Returns a unified diff.',
  inputSchema: z.object({
    path: pathArgument,
    edits: z
      .array(
        z.object({
          oldText: z.string().describe('Text to find; must match exactly, including whitespace.'),
          newText: z.string().describe('Text to put in its place.'),
          replaceAll: z
            .boolean()
            .optional()
            .describe('Replace every occurrence instead of requiring exactly one.'),
        }),
      )
      .min(1)
      .max(100),
    dryRun: z.boolean().default(false).describe('Preview the change as a diff without writing it.'),
  }),
  outputSchema: z.object({ path: z.string(), diff: z.string(), applied: z.boolean() }),
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  run: async ({ path, edits, dryRun }, { policy, limits }) => {
    const target = await policy.resolveExisting(path);
    if (!dryRun) policy.assertMayChange(target, path);
    const { text: original } = await readTextInside(
      policy.guard,
      target,
      limits,
      { kind: 'whole' },
      policy.fileAccess,
    );
    const updated = applyEdits(original, edits);
    const diff = unifiedDiff(target.real, original, updated);
    if (!dryRun) {
      const data = Buffer.from(updated, 'utf8');
      if (data.length > limits.maxWriteBytes) {
        throw new PolicyError(
          'too_large',
          'The edited file would be larger than Airlock writes in one call.',
        );
      }
      await writeFileAtomically(target, data);
    }
    const summary = dryRun ? 'Dry run: nothing was changed.' : `Edited ${target.real}.`;
    return {
      text: `${summary}\n\`\`\`diff\n${diff || '(no changes)\n'}\`\`\``,
      data: { path: target.real, diff, applied: !dryRun },
    };
  },
});
