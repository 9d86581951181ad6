import { z } from 'zod';
import { readTextInside } from '../fs/read-text.ts';
import { recordWrite } from '../history/pending-change.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { applyEdits } from './apply-edits.ts';
import { describeChange, maybeChangeOutput, type ChangeData } from './change-answer.ts';
import { pathArgument } from './common-schemas.ts';
import { defineTool, type ToolAnswer } from './tool-kit.ts';
import { unifiedDiff } from './unified-diff.ts';

/** What an edit answers; a dry run has no change. */
interface EditData extends Partial<ChangeData> {
  readonly path: string;
  readonly diff: string;
  readonly applied: boolean;
}

export const editFile = defineTool({
  name: 'edit_file',
  title: 'Edit file',
  description:
    'Replace exact text in a file, edits in order; each oldText must match once unless replaceAll. Answers a unified diff.',
  inputSchema: z.object({
    path: pathArgument,
    edits: z
      .array(
        z.object({
          oldText: z.string(),
          newText: z.string(),
          replaceAll: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(100),
    dryRun: z.boolean().default(false),
  }),
  outputSchema: maybeChangeOutput,
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  run: async (
    { path, edits, dryRun },
    { policy, limits, changes, approvals },
  ): Promise<ToolAnswer<EditData>> => {
    const target = await policy.resolveExisting(path);
    const clearance = dryRun ? undefined : policy.assertMayChange(target, path);
    const { text: original } = await readTextInside(
      policy.guard,
      target,
      limits,
      { kind: 'whole' },
      policy.fileAccess,
    );
    const updated = applyEdits(original, edits);
    const diff = unifiedDiff(target.real, original, updated);
    const block = `\`\`\`diff\n${diff || '(no changes)\n'}\`\`\``;
    if (dryRun) {
      return {
        text: `Dry run: nothing was changed.\n${block}`,
        data: { path: target.real, diff, applied: false },
      };
    }
    const data = Buffer.from(updated, 'utf8');
    if (data.length > limits.maxWriteBytes) {
      throw new PolicyError(
        'too_large',
        'The edited file would be larger than Airlock writes in one call.',
      );
    }
    if (clearance) await approvals.approve({ action: 'edit', clearance, content: data });
    // As write_file: the old version is kept while the new one's temp file is made.
    const record = await recordWrite(
      () => changes.beforeEdit(target),
      target,
      data,
      policy.fileAccess,
    );
    const { data: changed, sentence } = describeChange(record);
    return {
      text: `Edited ${target.real}. ${sentence}\n${block}`,
      data: { path: target.real, diff, applied: true, ...changed },
    };
  },
});
